"""Sharing service (POST /abservice/SharingService.asmx): FindMembership, AddMember, DeleteMember.

Roles: Allow, Block, Reverse, Pending, always all four, even empty (there is no Forward role:
the FL is the address book).  MembershipId is `<Role>/<contact GUID>`.
"""
import soap
import weblists as L
from soap import esc, Reply

ROLES = ('Allow', 'Block', 'Reverse', 'Pending')


def member(store, role, email, stamp):
    guid = L.contact_guid(store, email)
    return ('\t\t\t\t\t\t\t\t\t<Member xsi:type="PassportMember">\n'
            '\t\t\t\t\t\t\t\t\t\t<MembershipId>%s/%s</MembershipId>\n'
            '\t\t\t\t\t\t\t\t\t\t<Type>Passport</Type>\n'
            '\t\t\t\t\t\t\t\t\t\t<State>Accepted</State>\n'
            '\t\t\t\t\t\t\t\t\t\t<Deleted>false</Deleted>\n'
            '\t\t\t\t\t\t\t\t\t\t<LastChanged>%s</LastChanged>\n'
            '\t\t\t\t\t\t\t\t\t\t<JoinedDate>%s</JoinedDate>\n'
            '\t\t\t\t\t\t\t\t\t\t<ExpirationDate>0001-01-01T00:00:00</ExpirationDate>\n'
            '\t\t\t\t\t\t\t\t\t\t<Changes />\n'
            '\t\t\t\t\t\t\t\t\t\t<PassportName>%s</PassportName>\n'
            '\t\t\t\t\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>\n'
            '\t\t\t\t\t\t\t\t\t\t<PassportId>0</PassportId>\n'
            '\t\t\t\t\t\t\t\t\t\t<CID>%s</CID>\n'
            '\t\t\t\t\t\t\t\t\t\t<PassportChanges />\n'
            '\t\t\t\t\t\t\t\t\t\t<LookedupByCID>false</LookedupByCID>\n'
            '\t\t\t\t\t\t\t\t\t</Member>\n') % (role, guid, stamp, stamp, esc(email), soap.cid_of(guid))


def FindMembership(server, acct, action, host):
    store = server.store
    stamp = soap.iso(soap.now())
    memberships = ''
    for role in ROLES:
        members = ''.join(member(store, role, e, stamp) for e in L.role_members(store, acct, role))
        memberships += ('\t\t\t\t\t\t\t<Membership>\n'
                        '\t\t\t\t\t\t\t\t<MemberRole>%s</MemberRole>\n'
                        '\t\t\t\t\t\t\t\t<Members>\n%s\t\t\t\t\t\t\t\t</Members>\n'
                        '\t\t\t\t\t\t\t\t<MembershipIsComplete>true</MembershipIsComplete>\n'
                        '\t\t\t\t\t\t\t</Membership>\n') % (role, members)
    body = ('\t\t<FindMembershipResponse xmlns="%s">\n'
            '\t\t\t<FindMembershipResult>\n'
            '\t\t\t\t<Services>\n'
            '\t\t\t\t\t<Service>\n'
            '\t\t\t\t\t\t<Memberships>\n%s\t\t\t\t\t\t</Memberships>\n'
            '\t\t\t\t\t\t<Info>\n'
            '\t\t\t\t\t\t\t<Handle><Id>1</Id><Type>Messenger</Type><ForeignId /></Handle>\n'
            '\t\t\t\t\t\t\t<InverseRequired>false</InverseRequired>\n'
            '\t\t\t\t\t\t\t<AuthorizationCriteria>Everyone</AuthorizationCriteria>\n'
            '\t\t\t\t\t\t\t<IsBot>false</IsBot>\n'
            '\t\t\t\t\t\t</Info>\n'
            '\t\t\t\t\t\t<Changes />\n'
            '\t\t\t\t\t\t<LastChange>%s</LastChange>\n'
            '\t\t\t\t\t\t<Deleted>false</Deleted>\n'
            '\t\t\t\t\t</Service>\n'
            '\t\t\t\t</Services>\n'
            '\t\t\t\t<OwnerNamespace>\n'
            '\t\t\t\t\t<Info>\n'
            '\t\t\t\t\t\t<Handle><Id>%s</Id><IsPassportNameHidden>false</IsPassportNameHidden><CID>0</CID></Handle>\n'
            '\t\t\t\t\t\t<CreatorPuid>0</CreatorPuid>\n'
            '\t\t\t\t\t\t<CreatorCID>%s</CreatorCID>\n'
            '\t\t\t\t\t\t<CreatorPassportName>%s</CreatorPassportName>\n'
            '\t\t\t\t\t\t<CircleAttributes><IsPresenceEnabled>false</IsPresenceEnabled>'
            '<Domain>WindowsLive</Domain></CircleAttributes>\n'
            '\t\t\t\t\t\t<MessengerApplicationServiceCreated>false</MessengerApplicationServiceCreated>\n'
            '\t\t\t\t\t</Info>\n'
            '\t\t\t\t\t<Changes />\n'
            '\t\t\t\t\t<CreateDate>%s</CreateDate>\n'
            '\t\t\t\t\t<LastChange>%s</LastChange>\n'
            '\t\t\t\t</OwnerNamespace>\n'
            '\t\t\t</FindMembershipResult>\n'
            '\t\t</FindMembershipResponse>\n') % (soap.NS_AB, memberships, stamp, soap.NULL_GUID,
                                                 soap.cid_of(acct.guid), esc(acct.email), stamp, stamp)
    return Reply(200, soap.envelope(host, body), 'FindMembership')


def memberships_of(action):
    """[(role, Member element)] of an AddMember/DeleteMember body."""
    out = []
    for ms in soap.all_named(action, 'Membership'):
        role = soap.text(ms, 'MemberRole', '')
        for m in soap.all_named(ms, 'Member'):
            out.append((role, m))
    return out


def AddMember(server, acct, action, host):
    changes = []
    for role, m in memberships_of(action):
        if role.lower() not in ('allow', 'block', 'reverse', 'pending'):
            return soap.bare(500, 'AddMember')
        email = (soap.text(m, 'PassportName') or soap.text(m, 'Email') or '').lower()
        if not email:
            return soap.bare(500, 'AddMember')
        if server.store.get(email) is None:
            return Reply(500, soap.ab_fault('AddMember', 'UserDoesNotExist',
                                            'The user specified does not exist: %s' % email), 'AddMember')
        changes.append((email, role))
    for email, role in changes:
        L.add_role(server, acct, email, role)
    return Reply(200, soap.empty_response(host, 'AddMember'), 'AddMember')


def DeleteMember(server, acct, action, host):
    changes = []
    for role, m in memberships_of(action):
        if role.lower() not in ('allow', 'block', 'reverse', 'pending'):
            return soap.bare(500, 'DeleteMember')
        mid = soap.text(m, 'MembershipId') or ''
        if '/' in mid:
            email = L.by_guid(server.store, acct, mid.split('/', 1)[1])
        else:
            email = (soap.text(m, 'PassportName') or '').lower() or None
        if email is None or not L.knows(server.store, acct, email):
            return Reply(500, soap.ab_fault('DeleteMember', 'MemberDoesNotExist',
                                            'Member does not exist'), 'DeleteMember')
        changes.append((email, role))
    for email, role in changes:
        L.remove_role(server, acct, email, role)
    return Reply(200, soap.empty_response(host, 'DeleteMember'), 'DeleteMember')


METHODS = {'FindMembership': FindMembership, 'AddMember': AddMember, 'DeleteMember': DeleteMember}
