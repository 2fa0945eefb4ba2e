"""The address book and memberships seen through the MSNP10-12 list state (accounts.py).

FL = the address book's contacts; Allow = AL, Block = BL; Reverse and Pending split the RL
(X is on my RL iff X has me on its FL): Pending holds those I have neither allowed nor blocked
nor dismissed (DeleteMember Pending), Reverse the rest.  Changes made here are the same changes
ADC/REM make, so an MSNP12 session of the account sees them, and the other side is told.
"""
import uuid

ROLE_LISTS = {'allow': 'AL', 'block': 'BL'}


def contact_guid(store, email):
    other = store.get(email)
    if other is not None:
        return other.guid
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, 'msntty-contact.' + email))


def by_guid(store, acct, guid):
    """The email of a contact id (the contact account's GUID), or None."""
    other = store.by_guid(guid or '')
    return other.email if other is not None else None


def dismissed(acct):
    """Emails whose pending request was removed with DeleteMember Pending."""
    return acct.__dict__.setdefault('web_pending_dismissed', set())


def role_members(store, acct, role):
    """Emails in one membership role (Allow, Block, Reverse, Pending), in a stable order."""
    role = role.lower()
    if role in ROLE_LISTS:
        lst = ROLE_LISTS[role]
        return [e for e, c in acct.contacts.items() if lst in c.lists]
    rl = store.reverse_list(acct.email)
    pending = [e for e in rl if not acct.on_list(e, 'AL') and not acct.on_list(e, 'BL')
               and e not in dismissed(acct)]
    if role == 'pending':
        return pending
    if role == 'reverse':
        return [e for e in rl if e not in pending]
    return []


def fl_contacts(acct):
    return [(e, c) for e, c in acct.contacts.items() if 'FL' in c.lists]


def knows(store, acct, email):
    """Is email anywhere in my lists (FL/AL/BL or the RL)?"""
    return email in acct.contacts or email in store.reverse_list(acct.email)


# ---------------------------------------------------------------- changes (with their notifications)
def changed(server, acct, email, lst, added):
    """Tell the world after acct's FL/AL/BL changed: the NS's list_changed when it has one (it
    knows every place of a signed-in account), else what ADC/REM do: the RL notification for FL
    changes and presence re-evaluated."""
    hook = getattr(server, 'list_changed', None)
    if hook is not None:
        return hook(acct.email, email, lst, added)
    if lst != 'FL':
        return server.refresh(acct.email)
    ep = server.ns.get(acct.email)
    if ep is not None:
        if not added:
            getattr(ep, 'shown', {}).pop(email, None)
        ep.update_shown(email)
    server.notify_rl(acct.email, email, removed=not added)


def add_fl(server, acct, email):
    """Put email on acct's FL (as ADC FL does): they are told (RL add), presence follows."""
    if acct.on_list(email, 'FL'):
        return False
    acct.add_to_list(email, 'FL')
    other = server.store.get(email)
    if other is not None:
        dismissed(other).discard(acct.email)   # a new request for them
    changed(server, acct, email, 'FL', True)
    return True


def remove_fl(server, acct, email):
    if not acct.on_list(email, 'FL'):
        return False
    acct.remove_from_list(email, 'FL')
    changed(server, acct, email, 'FL', False)
    return True


def add_role(server, acct, email, role):
    role = role.lower()
    if role == 'reverse':
        role = 'allow'      # accepting someone who added you
    lst = ROLE_LISTS.get(role)
    if lst is None:
        return
    if not acct.on_list(email, lst):
        acct.add_to_list(email, lst)
        changed(server, acct, email, lst, True)


def remove_role(server, acct, email, role):
    role = role.lower()
    if role == 'pending':
        dismissed(acct).add(email)
        return
    lst = ROLE_LISTS.get(role)
    if lst is not None and acct.on_list(email, lst):
        acct.remove_from_list(email, lst)
        changed(server, acct, email, lst, False)


def set_privacy(server, acct, blp=None, gtc=None):
    if blp in ('AL', 'BL') and acct.blp != blp:
        acct.blp = blp
        server.refresh(acct.email)
    if gtc in ('A', 'N'):
        acct.gtc = gtc
