-- tickets.sla_at_risk / sla_breached mirror the ticket's running clocks (the queue filters
-- "at risk" and "breached" and their counts read them through small indexes). Triggers keep
-- them exact whichever code path writes a clock: intake, transitions, triage, work orders, the scan.
CREATE FUNCTION ticket_sla_flags_sync(ticket_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t
     SET sla_at_risk = s.at_risk, sla_breached = s.breached
    FROM (
      SELECT ids.id AS ticket_id,
             coalesce(bool_or(c.is_at_risk AND c.status <> 'breached'), false) AS at_risk,
             coalesce(bool_or(c.status = 'breached'), false) AS breached
        FROM unnest(ticket_ids) AS ids(id)
        LEFT JOIN ticket_clocks c ON c.ticket_id = ids.id AND c.stopped_at IS NULL
       GROUP BY ids.id
    ) s
   WHERE t.id = s.ticket_id AND (t.sla_at_risk <> s.at_risk OR t.sla_breached <> s.breached);
END $$;
--> statement-breakpoint
CREATE FUNCTION ticket_clocks_sync_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM ticket_sla_flags_sync(ARRAY[OLD.ticket_id]);
  ELSIF TG_OP = 'UPDATE' AND OLD.ticket_id <> NEW.ticket_id THEN
    PERFORM ticket_sla_flags_sync(ARRAY[OLD.ticket_id, NEW.ticket_id]);
  ELSE
    PERFORM ticket_sla_flags_sync(ARRAY[NEW.ticket_id]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION ticket_clocks_sync_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ticket_sla_flags_sync(ARRAY(SELECT DISTINCT ticket_id FROM inserted_clocks));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Bulk inserts: once per statement. Updates: only when a field that decides the flags changed
-- (the scan rewrites every running clock each minute; most rewrites change nothing).
CREATE TRIGGER ticket_clocks_flags_insert AFTER INSERT ON ticket_clocks REFERENCING NEW TABLE AS inserted_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_clocks_sync_inserted();
--> statement-breakpoint
CREATE TRIGGER ticket_clocks_flags_update AFTER UPDATE ON ticket_clocks FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.is_at_risk IS DISTINCT FROM NEW.is_at_risk
        OR OLD.stopped_at IS DISTINCT FROM NEW.stopped_at OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id)
  EXECUTE FUNCTION ticket_clocks_sync_row();
--> statement-breakpoint
CREATE TRIGGER ticket_clocks_flags_delete AFTER DELETE ON ticket_clocks FOR EACH ROW EXECUTE FUNCTION ticket_clocks_sync_row();
--> statement-breakpoint
-- Existing data.
SELECT ticket_sla_flags_sync(ARRAY(SELECT DISTINCT ticket_id FROM ticket_clocks WHERE stopped_at IS NULL AND (is_at_risk OR status = 'breached')));
