-- Hand-written: no JIT compilation for Watchpost's database. Its reads are many short ones
-- whose plans are large (every window read joins a monitor's heartbeats, partitions and
-- rollup tiers): PostgreSQL's cost model then crosses jit_above_cost and compiles a
-- thousand functions with LLVM to save microseconds. Measured on Debian's PostgreSQL 15
-- (which ships JIT): one monitor's 24-hour window took 7.7 s with JIT (7.8 s of it
-- compiling) and 5 ms without (docs/scaling.md). A setting of the database (or, when the
-- role may not alter the database, of the role), so it holds for every connection,
-- PgBouncer's included, from the next one on.
DO $$
BEGIN
	BEGIN
		EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
	EXCEPTION WHEN insufficient_privilege THEN
		EXECUTE 'ALTER ROLE CURRENT_USER SET jit = off';
	END;
END
$$;
