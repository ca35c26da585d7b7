CREATE TABLE kit_second (id int PRIMARY KEY);
