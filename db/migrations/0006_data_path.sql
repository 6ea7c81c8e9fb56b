ALTER TABLE "outbox" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
-- vt_guard: the invariant check of batch transactions (Neon HTTP runs a batch's statements without a round trip in
-- between, so a statement that finds a broken invariant must raise itself: the whole batch then rolls back).
-- SQLSTATE VT001, MESSAGE = the invariant's name, DETAIL = what failed (ids only, never personal data).
CREATE OR REPLACE FUNCTION vt_guard(ok boolean, reason text, detail text DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION USING ERRCODE = 'VT001', MESSAGE = reason, DETAIL = coalesce(detail, '');
  END IF;
  RETURN true;
END
$$;
