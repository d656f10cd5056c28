"""Request budgets per client: the limiter, the per-client middleware, per-route budgets."""

from .limiter import RateLimiter, RouteRateLimit, parse_limits, rate_limit

__all__ = ["RateLimiter", "RouteRateLimit", "parse_limits", "rate_limit"]
