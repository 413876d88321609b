-- Withdrawals of the history feed (POST /v1/history/events, type 'withdrawal'): an event is
-- withdrawn at most once, and the writer finds an earlier withdrawal of it by this index, not by
-- reading the whole table while it holds the table's lock.
CREATE UNIQUE INDEX history_event_withdraws ON history_event ((body->>'withdraws'))
    WHERE kind = 'withdrawal';
