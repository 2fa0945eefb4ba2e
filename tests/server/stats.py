"""Counters for the control command `stats`, so tests can count connection attempts."""
import json

TOTALS = ('ns_connections', 'ns_reset', 'dispatch_connections', 'dispatch_reset', 'sb_connections')
PER_ACCOUNT = ('ns_by_account', 'logins', 'auth_failures', 'sb_by_account', 'pings')
OIM = ('oim_fetched', 'oim_deleted', 'oim_stored')   # control `oim_stats`, not in `stats`


class Stats:
    def __init__(self):
        self.reset()

    def reset(self):
        self.totals = {k: 0 for k in TOTALS}
        self.per_account = {k: {} for k in PER_ACCOUNT + OIM}

    def bump(self, name, email=None):
        if email is None:
            self.totals[name] += 1
        else:
            counts = self.per_account[name]
            counts[email] = counts.get(email, 0) + 1

    def to_json(self):
        out = dict(self.totals)
        out.update((k, v) for k, v in self.per_account.items() if k in PER_ACCOUNT)
        return json.dumps(out, sort_keys=True)

    def oim_json(self):
        return json.dumps({k: self.per_account[k] for k in OIM}, sort_keys=True)
