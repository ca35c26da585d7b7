CREATE TABLE kit_first (id int PRIMARY KEY);
