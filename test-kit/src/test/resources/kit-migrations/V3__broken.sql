INSERT INTO kit_missing VALUES (1);
