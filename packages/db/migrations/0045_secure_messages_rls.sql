-- Secure messages: the app reads and adds them and records when each side read them; a message
-- is never edited or deleted (it is part of the record).
GRANT SELECT, INSERT, UPDATE ON secure_messages TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE secure_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON secure_messages
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
