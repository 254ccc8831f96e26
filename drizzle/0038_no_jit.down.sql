-- Undo drizzle/0038_no_jit.sql: JIT as the server's configuration says.
DO $$
BEGIN
	BEGIN
		EXECUTE format('ALTER DATABASE %I RESET jit', current_database());
	EXCEPTION WHEN insufficient_privilege THEN
		EXECUTE 'ALTER ROLE CURRENT_USER RESET jit';
	END;
END
$$;
