SELECT pg_sleep(1.5);
ALTER TABLE kit_first ADD COLUMN slow text;
