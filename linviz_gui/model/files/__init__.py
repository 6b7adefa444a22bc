"""What is read from and written to disk: sessions, tours, labelled CSV, atomic writes."""
