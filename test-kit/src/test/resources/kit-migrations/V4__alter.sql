ALTER TABLE kit_first ADD COLUMN note text;
