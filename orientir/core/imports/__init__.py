"""The import engine: every Excel upload of the system is read, checked, previewed and reported the same way
(engine: columns and rows; normalize: what a cell means; marked: the user's file with its errors marked;
staging: the upload kept between preview and import)."""
