"""Account store (in memory, loaded from accounts.json; never written back).

The reverse list (RL) is not stored: X is on my RL iff X has me on its FL.
"""
import json
import uuid

LISTS = ('FL', 'AL', 'BL', 'RL')
BITS = {'FL': 1, 'AL': 2, 'BL': 4, 'RL': 8}
MAX_GROUPS = 30


class Group:
    def __init__(self, gid, guid, name):
        self.id = str(gid)
        self.guid = guid
        self.name = name


class Contact:
    def __init__(self, email, lists=(), groups=()):
        self.email = email
        self.lists = set(lists)
        self.groups = list(groups)   # group ids (numeric strings)


class Account:
    def __init__(self, d):
        self.email = d['email'].lower()
        self.password = d.get('password')
        self.nick = d.get('nick') or self.email
        self.salt = d.get('salt')
        self.guid = d.get('guid') or str(uuid.uuid5(uuid.NAMESPACE_DNS, 'msntty-contact.' + self.email))
        self.bot = d.get('bot')
        settings = d.get('settings') or {}
        self.blp = settings.get('BLP', 'AL')
        self.gtc = settings.get('GTC', 'A')
        self.psm = d.get('psm') or ''
        self.media = ''
        self.groups = []
        for g in d.get('groups') or []:
            guid = g.get('guid') or str(uuid.uuid5(uuid.NAMESPACE_DNS, 'msntty-group.%s.%s' % (self.email, g['id'])))
            self.groups.append(Group(g['id'], guid, g['name']))
        self.contacts = {}
        for c in d.get('contacts') or []:
            lists = [x for x in c.get('lists') or [] if x in ('FL', 'AL', 'BL')]
            self.contacts[c['email'].lower()] = Contact(c['email'].lower(), lists, [str(x) for x in c.get('groups') or []])

    # ----- groups
    def group_by_id(self, gid):
        for g in self.groups:
            if g.id == gid:
                return g
        return None

    def group_by_guid(self, guid):
        for g in self.groups:
            if g.guid.lower() == (guid or '').lower():
                return g
        return None

    def group_by_name(self, name):
        for g in self.groups:
            if g.name == name:
                return g
        return None

    def add_group(self, name):
        used = {int(g.id) for g in self.groups if g.id.isdigit()}
        gid = 1
        while gid in used:
            gid += 1
        g = Group(str(gid), str(uuid.uuid4()), name)
        self.groups.append(g)
        return g

    def remove_group(self, g):
        self.groups.remove(g)
        for c in self.contacts.values():
            if g.id in c.groups:
                c.groups.remove(g.id)

    # ----- lists
    def on_list(self, email, lst):
        c = self.contacts.get(email)
        return bool(c and lst in c.lists)

    def add_to_list(self, email, lst):
        c = self.contacts.get(email)
        if c is None:
            c = self.contacts[email] = Contact(email)
        c.lists.add(lst)
        return c

    def remove_from_list(self, email, lst):
        c = self.contacts.get(email)
        if c is None:
            return
        c.lists.discard(lst)
        if lst == 'FL':
            c.groups = []
        if not c.lists:
            del self.contacts[email]


class AccountStore:
    def __init__(self, path):
        with open(path, encoding='utf-8') as fh:
            data = json.load(fh)
        items = data['accounts'] if isinstance(data, dict) else data
        self.by_email = {}
        for d in items:
            a = Account(d)
            self.by_email[a.email] = a

    def get(self, email):
        return self.by_email.get((email or '').lower())

    def by_guid(self, guid):
        for a in self.by_email.values():
            if a.guid.lower() == (guid or '').lower():
                return a
        return None

    def reverse_list(self, email):
        """Accounts that have `email` on their FL (= email's RL), in file order."""
        return [a.email for a in self.by_email.values() if a.on_list(email, 'FL')]

    def entries(self, acct):
        """[(email, set_of_lists, group_ids)] for every contact incl. RL-only ones."""
        out = []
        rl = set(self.reverse_list(acct.email))
        seen = set()
        for email, c in acct.contacts.items():
            lists = set(c.lists)
            if email in rl:
                lists.add('RL')
            if lists:
                out.append((email, lists, list(c.groups)))
                seen.add(email)
        for email in self.reverse_list(acct.email):
            if email not in seen:
                out.append((email, {'RL'}, []))
        return out

    def nick_of(self, email):
        a = self.get(email)
        return a.nick if a else email

    @staticmethod
    def bits(lists):
        return sum(BITS[x] for x in lists if x in BITS)
