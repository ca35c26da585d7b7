CREATE TABLE kit_other (id int PRIMARY KEY);
