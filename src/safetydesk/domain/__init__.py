"""Pure-Python domain: the record-kind registry, rules and the clock. Imports nothing of ours but i18n."""
