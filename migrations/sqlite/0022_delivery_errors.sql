-- Why the last delivery of a notification's mail or SMS failed, for the dead-letter list an
-- administrator sees. Mirrors ../postgres/0022_delivery_errors.sql.
--
-- The text is a reason token ("refused 550", "deferred 450", "timeout", "tls", "unreachable",
-- "number", "setup") that the page shows in words, never what the mail server or the SMS
-- gateway said: their replies name addresses and numbers.
ALTER TABLE notifications ADD COLUMN mail_last_error TEXT CHECK (length(mail_last_error) <= 200);
ALTER TABLE notifications ADD COLUMN sms_last_error TEXT CHECK (length(sms_last_error) <= 200);
