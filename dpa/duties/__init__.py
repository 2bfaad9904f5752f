"""The district's SOPPA duties: its settings, the board's authorized signers and who signed each
agreement, the deadlines, breaches and the notice to parents."""
