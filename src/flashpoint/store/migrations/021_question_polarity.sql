-- Whether a question's yes-outcome asserts its event (positive) or denies it (negative), e.g.
-- "Will NATO's presence stay limited to naval and air?" denies a ground deployment. Used to link expert
-- statements (issue 5): relation = same iff (statement negated) == (question denies its event).
ALTER TABLE questions ADD COLUMN IF NOT EXISTS event_polarity VARCHAR DEFAULT 'positive';
