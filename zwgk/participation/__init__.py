"""重大决策预公开 (consultations), hearings and 会议公开."""
