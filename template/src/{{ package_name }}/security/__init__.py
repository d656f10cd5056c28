"""Who may do what: tokens, passwords and their policy, roles, the current user, attempt limits."""
