"""The Digitalisierungslotsen: profiles, help requests, coaching, sessions, self-assessment."""
