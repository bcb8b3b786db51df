def retry_backoff(attempts, base=0.5):
    delays = []
    for attempt in range(attempts):
        delay = base * 2 ** attempt
        delays.append(delay)
    return delays
