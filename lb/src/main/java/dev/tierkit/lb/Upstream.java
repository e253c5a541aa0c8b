package dev.tierkit.lb;

import dev.tierkit.lb.balance.Pool;
import dev.tierkit.lb.balance.RetryBudget;
import dev.tierkit.lb.config.PoolConfig;

/**
 * A pool as the proxies use it: its backends and algorithm, its settings, and its retry budget. One
 * per configured pool; a reload keeps the {@code Pool} (and its backends' live state) when the pool
 * still exists.
 */
public record Upstream(Pool pool, PoolConfig config, RetryBudget retryBudget) {}
