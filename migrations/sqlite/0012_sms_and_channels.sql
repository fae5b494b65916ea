-- News by SMS, and the channels each person chose (sqlite). Mirrors
-- ../postgres/0012_sms_and_channels.sql.

-- Each notification's SMS, tracked like its mail: 'none' when no SMS goes (the person did not
-- choose SMS or has no phone), else pending until sent, given up ('failed') or found without a
-- number ('no_address'). Claimed with a compare-and-set like mails.
ALTER TABLE notifications ADD COLUMN sms_state TEXT NOT NULL DEFAULT 'none'
    CHECK (sms_state IN ('none', 'pending', 'sent', 'no_address', 'failed'));
ALTER TABLE notifications ADD COLUMN sms_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN sms_next_at TEXT;
CREATE INDEX notifications_sms ON notifications (sms_state, sms_next_at);

-- How a person wants to be told, besides "My messages" (which always holds everything). No row:
-- by mail where an address is known, no SMS.
CREATE TABLE notification_channels (
    person_id   BLOB PRIMARY KEY REFERENCES people (id),
    mail        INTEGER NOT NULL CHECK (mail IN (0, 1)),
    sms         INTEGER NOT NULL CHECK (sms IN (0, 1)),
    updated_at  TEXT NOT NULL
) STRICT;
