"""What counts as an acceptable password (ASVS: length over complexity rules).

At least 8 characters, at most 128 (long passphrases welcome; the cap only
stops hashing abuse), no truncation, and none of the passwords that attackers
try first.
"""

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128

# The most common leaked passwords of 8+ characters: the first a guesser tries.
# fmt: off
COMMON_PASSWORDS = frozenset(
    {
        "12345678", "123456789", "1234567890", "12345678910", "123123123", "11111111",
        "00000000", "87654321", "88888888", "11223344", "12341234", "1q2w3e4r",
        "1q2w3e4r5t", "1qaz2wsx", "1234qwer", "qwer1234", "qwertyui", "qwertyuiop",
        "qwerty123", "qwerty12", "asdfghjkl", "asdf1234", "zxcvbnm1", "password",
        "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword",
        "iloveyou", "iloveyou1", "princess", "princess1", "sunshine", "sunshine1",
        "football", "football1", "baseball", "basketball", "superman", "batman123",
        "trustno1", "welcome1", "welcome123", "letmein1", "letmein123", "abc12345",
        "abcd1234", "a1b2c3d4", "aa123456", "admin123", "administrator", "changeme",
        "changeme123", "computer", "internet", "jennifer", "michelle", "jordan23",
        "starwars", "whatever", "dragon123", "monkey123", "master123", "shadow123",
        "qazwsxedc", "zaq12wsx", "!qaz2wsx", "q1w2e3r4", "q1w2e3r4t5", "mustang1",
        "liverpool", "chelsea1", "arsenal1", "pokemon1", "charlie1", "freedom1",
        "secret123", "test1234", "testing123", "default1", "login123", "hello123",
        "helloworld", "987654321", "999999999", "123qweasd", "qweasdzxc", "google123",
    }
)
# fmt: on


def password_problem(password: str) -> str | None:
    """Say what is wrong with `password`, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"must be at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"must be at most {MAX_PASSWORD_LENGTH} characters"
    if password.lower() in COMMON_PASSWORDS:
        return "is too common; choose a less guessable password"
    return None
