// End-to-end tests start real processes (and PostgreSQL, and Chromium): give them time.
jest.setTimeout(180_000);
