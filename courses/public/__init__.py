"""The client-facing side: explainer, Leichte-Sprache and DGS pages' views, forms, poster, feedback, reminders."""
