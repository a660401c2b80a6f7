"""The annual report to the Senior Officials Meeting, built from the portal's
own data for a calendar year (it reads most apps, so it sits above them)."""
