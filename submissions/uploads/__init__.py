"""Files a citizen attaches to a submission: rules, sniffing, scanning, storage and the ``file`` kind."""
