-- Scheduling: the room exclusion constraint, the links to types/rooms/series, the app role's
-- grants and row-level security on every new table.

-- A room cannot hold two live sessions whose [starts_at, ends_at) ranges overlap.
ALTER TABLE appointments ADD CONSTRAINT appointments_no_room_overlap
  EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (room_id IS NOT NULL AND status NOT IN ('cancelled', 'no_show'));
--> statement-breakpoint
ALTER TABLE appointments ADD CONSTRAINT appointments_appointment_type_fk
  FOREIGN KEY (practice_id, appointment_type_id) REFERENCES appointment_types (practice_id, id);
--> statement-breakpoint
ALTER TABLE appointments ADD CONSTRAINT appointments_room_fk FOREIGN KEY (room_id) REFERENCES rooms (id);
--> statement-breakpoint
ALTER TABLE appointments ADD CONSTRAINT appointments_series_fk
  FOREIGN KEY (series_id) REFERENCES appointment_series (id);
--> statement-breakpoint
-- A client waits once: one live entry per client.
CREATE UNIQUE INDEX waitlist_entries_one_waiting ON waitlist_entries (practice_id, client_id)
  WHERE status = 'waiting';
--> statement-breakpoint
-- Status history and the outbox's content are append-only for the app (the outbox row's delivery
-- state is updated by the dispatcher).
GRANT SELECT, INSERT ON appointment_status_changes TO mentalspace_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON appointment_types, rooms, appointment_series, working_hours,
  waitlist_entries, waitlist_offers, outbound_messages, calendar_feeds TO mentalspace_app;
--> statement-breakpoint
-- Participants of a group session are removed when a client leaves the group; working hours and
-- time off are replaced as a clinician's schedule changes. None of these is a clinical record.
GRANT SELECT, INSERT, DELETE ON appointment_participants TO mentalspace_app;
--> statement-breakpoint
GRANT DELETE ON working_hours TO mentalspace_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON time_off TO mentalspace_app;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['appointment_types', 'rooms', 'appointment_series', 'appointment_participants',
    'appointment_status_changes', 'working_hours', 'time_off', 'waitlist_entries', 'waitlist_offers',
    'outbound_messages', 'calendar_feeds']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY practice_isolation ON %I USING (practice_id = app_current_practice())'
      ' WITH CHECK (practice_id = app_current_practice())', t);
  END LOOP;
END $$;
