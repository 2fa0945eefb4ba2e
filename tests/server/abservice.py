"""Address book (POST /abservice/abservice.asmx) and the dispatcher of both SOAP services.

Like Escargot, both paths dispatch on the local name of the body's first element (SOAPAction is
ignored), the ticket must belong to a connected NS session (else 403), an action element without
child elements is a bare 500, and any deltasOnly/DeltasOnly = true gets FullSyncRequired.
"""
import soap
import sharing
import weblists as L
from soap import esc, Reply

GROUP_TYPE = 'c8529ce2-6ead-434d-881f-341e17db3ff8'
MAX_GROUP_NAME = 61


# ---------------------------------------------------------------- dispatch
def handle(server, headers, body):
    host = '%s:%s' % (server.host, server.ports.get('https'))
    root = soap.parse(body)
    hdr = act = None
    if root is not None:
        hdr = soap.walk(root, 'Header')
        b = soap.walk(root, 'Body')
        act = list(b)[0] if b is not None and len(b) else None
    method = soap.local(act.tag) if act is not None else None
    t20 = soap.tickets_of(hdr, headers)
    email = server.ticket_owner(t20) if t20 else None
    acct = server.store.get(email) if email else None
    if acct is None:
        return Reply(403, '403: Forbidden', method, 'text/plain; charset=utf-8')
    if act is None or len(act) == 0:
        return soap.bare(500, method)
    if soap.knob_hits(server, 'soap_http500', method):
        return soap.bare(500, method)
    if soap.knob_hits(server, 'soap_fault', method):
        return Reply(200, soap.ab_fault(method, 'InternalError', 'The service is misbehaving (knob soap_fault)',
                                        'soap:Server'), method)
    if any(soap.is_true(e.text) for e in soap.all_named(act, 'deltasOnly') + soap.all_named(act, 'DeltasOnly')):
        return Reply(200, soap.ab_fault(method, 'FullSyncRequired',
                                        'Full sync required.  Details: Delta syncs disabled.'), method)
    fn = METHODS.get(method) or sharing.METHODS.get(method)
    if fn is None:
        return soap.bare(500, method)
    return fn(server, acct, act, host)


# ---------------------------------------------------------------- reading
def contact_xml(server, acct, email, c, stamp):
    store = server.store
    guid = L.contact_guid(store, email)
    nick = store.nick_of(email)
    alias = getattr(c, 'ab_nick', None)
    annotations = ''
    if alias:
        annotations = ('\t\t\t\t\t\t\t<annotations>\n'
                       '\t\t\t\t\t\t\t\t<Annotation><Name>AB.NickName</Name><Value>%s</Value></Annotation>\n'
                       '\t\t\t\t\t\t\t</annotations>\n') % esc(alias)
    group_guids = [acct.group_by_id(g).guid for g in c.groups if acct.group_by_id(g) is not None]
    groups = ''
    if group_guids:
        groups = ('\t\t\t\t\t\t\t<groupIds>\n%s\t\t\t\t\t\t\t</groupIds>\n'
                  % ''.join('\t\t\t\t\t\t\t\t<guid>%s</guid>\n' % g for g in group_guids))
    return ('\t\t\t\t\t<Contact>\n'
            '\t\t\t\t\t\t<contactId>%s</contactId>\n'
            '\t\t\t\t\t\t<contactInfo>\n%s'
            '\t\t\t\t\t\t\t<contactType>Regular</contactType>\n'
            '\t\t\t\t\t\t\t<quickName>%s</quickName>\n'
            '\t\t\t\t\t\t\t<passportName>%s</passportName>\n'
            '\t\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>\n'
            '\t\t\t\t\t\t\t<displayName>%s</displayName>\n'
            '\t\t\t\t\t\t\t<puid>0</puid>\n%s'
            '\t\t\t\t\t\t\t<CID>%s</CID>\n'
            '\t\t\t\t\t\t\t<IsNotMobileVisible>false</IsNotMobileVisible>\n'
            '\t\t\t\t\t\t\t<isMobileIMEnabled>false</isMobileIMEnabled>\n'
            '\t\t\t\t\t\t\t<isMessengerUser>%s</isMessengerUser>\n'
            '\t\t\t\t\t\t\t<isFavorite>false</isFavorite>\n'
            '\t\t\t\t\t\t\t<isSmtp>false</isSmtp>\n'
            '\t\t\t\t\t\t\t<hasSpace>false</hasSpace>\n'
            '\t\t\t\t\t\t\t<spotWatchState>NoDevice</spotWatchState>\n'
            '\t\t\t\t\t\t\t<birthdate>0001-01-01T00:00:00</birthdate>\n'
            '\t\t\t\t\t\t\t<primaryEmailType>ContactEmailPersonal</primaryEmailType>\n'
            '\t\t\t\t\t\t\t<PrimaryLocation>ContactLocationPersonal</PrimaryLocation>\n'
            '\t\t\t\t\t\t\t<PrimaryPhone>ContactPhonePersonal</PrimaryPhone>\n'
            '\t\t\t\t\t\t\t<IsPrivate>false</IsPrivate>\n'
            '\t\t\t\t\t\t\t<Gender>Unspecified</Gender>\n'
            '\t\t\t\t\t\t\t<TimeZone>None</TimeZone>\n'
            '\t\t\t\t\t\t</contactInfo>\n'
            '\t\t\t\t\t\t<propertiesChanged />\n'
            '\t\t\t\t\t\t<fDeleted>false</fDeleted>\n'
            '\t\t\t\t\t\t<lastChange>%s</lastChange>\n'
            '\t\t\t\t\t</Contact>\n') % (guid, annotations, esc(nick), esc(email), esc(nick), groups,
                                        soap.cid_of(guid), 'false' if getattr(c, 'ab_not_messenger', False)
                                        else 'true', stamp)


def me_xml(acct, stamp):
    blp = {'AL': 1, 'BL': 2}.get(acct.blp, 0)
    gtc = {'A': 1, 'N': 2}.get(acct.gtc, 0)
    extra = getattr(acct, 'ab_me_annotations', {})
    notes = [('MSN.IM.MBEA', '0'), ('MSN.IM.GTC', str(gtc)), ('MSN.IM.BLP', str(blp))]
    notes += [(k, v) for k, v in sorted(extra.items()) if k not in ('MSN.IM.MBEA', 'MSN.IM.GTC', 'MSN.IM.BLP')]
    ann = ''.join('\t\t\t\t\t\t\t\t<Annotation><Name>%s</Name><Value>%s</Value></Annotation>\n' % (esc(k), esc(v))
                  for k, v in notes)
    return ('\t\t\t\t\t<Contact>\n'
            '\t\t\t\t\t\t<contactId>%s</contactId>\n'
            '\t\t\t\t\t\t<contactInfo>\n'
            '\t\t\t\t\t\t\t<annotations>\n%s\t\t\t\t\t\t\t</annotations>\n'
            '\t\t\t\t\t\t\t<contactType>Me</contactType>\n'
            '\t\t\t\t\t\t\t<quickName>%s</quickName>\n'
            '\t\t\t\t\t\t\t<passportName>%s</passportName>\n'
            '\t\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>\n'
            '\t\t\t\t\t\t\t<displayName>%s</displayName>\n'
            '\t\t\t\t\t\t\t<puid>0</puid>\n'
            '\t\t\t\t\t\t\t<CID>%s</CID>\n'
            '\t\t\t\t\t\t\t<isMessengerUser>false</isMessengerUser>\n'
            '\t\t\t\t\t\t\t<isFavorite>false</isFavorite>\n'
            '\t\t\t\t\t\t</contactInfo>\n'
            '\t\t\t\t\t\t<propertiesChanged />\n'
            '\t\t\t\t\t\t<fDeleted>false</fDeleted>\n'
            '\t\t\t\t\t\t<lastChange>%s</lastChange>\n'
            '\t\t\t\t\t</Contact>\n') % (acct.guid, ann, esc(acct.nick), esc(acct.email), esc(acct.nick),
                                        soap.cid_of(acct.guid), stamp)


def group_xml(g, stamp):
    return ('\t\t\t\t\t<Group>\n'
            '\t\t\t\t\t\t<groupId>%s</groupId>\n'
            '\t\t\t\t\t\t<groupInfo>\n'
            '\t\t\t\t\t\t\t<annotations><Annotation><Name>MSN.IM.Display</Name><Value>1</Value></Annotation>'
            '</annotations>\n'
            '\t\t\t\t\t\t\t<groupType>%s</groupType>\n'
            '\t\t\t\t\t\t\t<name>%s</name>\n'
            '\t\t\t\t\t\t\t<IsNotMobileVisible>false</IsNotMobileVisible>\n'
            '\t\t\t\t\t\t\t<IsPrivate>false</IsPrivate>\n'
            '\t\t\t\t\t\t\t<IsFavorite>false</IsFavorite>\n'
            '\t\t\t\t\t\t</groupInfo>\n'
            '\t\t\t\t\t\t<propertiesChanged />\n'
            '\t\t\t\t\t\t<fDeleted>false</fDeleted>\n'
            '\t\t\t\t\t\t<lastChange>%s</lastChange>\n'
            '\t\t\t\t\t</Group>\n') % (g.guid, GROUP_TYPE, esc(g.name), stamp)


def ab_xml(acct, tag, stamp):
    return ('\t\t\t\t<%s>\n'
            '\t\t\t\t\t<abId>%s</abId>\n'
            '\t\t\t\t\t<abInfo>\n'
            '\t\t\t\t\t\t<ownerPuid>0</ownerPuid>\n'
            '\t\t\t\t\t\t<OwnerCID>%s</OwnerCID>\n'
            '\t\t\t\t\t\t<ownerEmail>%s</ownerEmail>\n'
            '\t\t\t\t\t\t<fDefault>true</fDefault>\n'
            '\t\t\t\t\t\t<joinedNamespace>false</joinedNamespace>\n'
            '\t\t\t\t\t\t<IsBot>false</IsBot>\n'
            '\t\t\t\t\t\t<IsParentManaged>false</IsParentManaged>\n'
            '\t\t\t\t\t\t<SubscribeExternalPartner>false</SubscribeExternalPartner>\n'
            '\t\t\t\t\t\t<NotifyExternalPartner>false</NotifyExternalPartner>\n'
            '\t\t\t\t\t\t<AddressBookType>Individual</AddressBookType>\n'
            '\t\t\t\t\t</abInfo>\n'
            '\t\t\t\t\t<lastChange>%s</lastChange>\n'
            '\t\t\t\t\t<DynamicItemLastChanged>0001-01-01T00:00:00</DynamicItemLastChanged>\n'
            '\t\t\t\t\t<createDate>%s</createDate>\n'
            '\t\t\t\t\t<propertiesChanged />\n'
            '\t\t\t\t</%s>\n') % (tag, soap.NULL_GUID, soap.cid_of(acct.guid), esc(acct.email), stamp, stamp, tag)


def find(server, acct, method, paged, host):
    stamp = soap.iso(soap.now())
    groups_tag, contacts_tag = ('Groups', 'Contacts') if paged else ('groups', 'contacts')
    groups = ''.join(group_xml(g, stamp) for g in acct.groups)
    contacts = ''.join(contact_xml(server, acct, e, c, stamp) for e, c in L.fl_contacts(acct))
    contacts += me_xml(acct, stamp)
    result = ''
    if groups:
        result += '\t\t\t\t<%s>\n%s\t\t\t\t</%s>\n' % (groups_tag, groups, groups_tag)
    result += '\t\t\t\t<%s>\n%s\t\t\t\t</%s>\n' % (contacts_tag, contacts, contacts_tag)
    if paged:
        result += ('\t\t\t\t<CircleResult>\n'
                   '\t\t\t\t\t<CircleTicket>&lt;?xml version="1.0" encoding="utf-16"?&gt;&lt;SignedTicket '
                   'ver="1" keyVer="1"&gt;&lt;Data&gt;&lt;/Data&gt;&lt;Sig&gt;&lt;/Sig&gt;&lt;/SignedTicket&gt;'
                   '</CircleTicket>\n'
                   '\t\t\t\t</CircleResult>\n')
    result += ab_xml(acct, 'Ab' if paged else 'ab', stamp)
    body = ('\t\t<%sResponse xmlns="%s">\n\t\t\t<%sResult>\n%s\t\t\t</%sResult>\n\t\t</%sResponse>\n'
            % (method, soap.NS_AB, method, result, method, method))
    return Reply(200, soap.envelope(host, body), method)


def check_ab_id(action, name):
    ab_id = soap.text(action, name)
    return ab_id in (None, '', soap.NULL_GUID)


def ABFindAll(server, acct, action, host):
    if not check_ab_id(action, 'abId'):
        return soap.bare(500, 'ABFindAll')
    return find(server, acct, 'ABFindAll', False, host)


def ABFindContactsPaged(server, acct, action, host):
    if not check_ab_id(action, 'ABId'):
        return soap.bare(500, 'ABFindContactsPaged')
    return find(server, acct, 'ABFindContactsPaged', True, host)


# ---------------------------------------------------------------- contacts
def guid_response(host, method, guid):
    return soap.envelope(host, '\t\t<%sResponse xmlns="%s">\n\t\t\t<%sResult>\n\t\t\t\t<guid>%s</guid>\n'
                               '\t\t\t</%sResult>\n\t\t</%sResponse>\n'
                         % (method, soap.NS_AB, method, guid, method, method))


def fault500(method, errorcode, message):
    return Reply(500, soap.ab_fault(method, errorcode, message), method)


def ABContactAdd(server, acct, action, host):
    m = 'ABContactAdd'
    contact = soap.first(action, 'Contact')
    if contact is None:
        return soap.bare(500, m)
    email = (soap.text(contact, 'passportName') or '').strip().lower()
    if '@' not in email:
        return fault500(m, 'BadEmailArgument', 'Email address is missing an @ sign: %s' % email)
    if '.' not in email:
        return fault500(m, 'BadEmailArgument', 'Email address is missing a dot: %s' % email)
    if server.store.get(email) is None or email == acct.email:
        return fault500(m, 'InvalidPassportUser', 'The Passport user specified is invalid SignInName: %s' % email)
    L.add_fl(server, acct, email)
    c = acct.contacts[email]
    for name, value in annotations(contact):
        if name == 'AB.NickName':
            c.ab_nick = value
    return Reply(200, guid_response(host, m, L.contact_guid(server.store, email)), m)


def annotations(el):
    return [(soap.text(a, 'Name', ''), soap.text(a, 'Value', '')) for a in soap.all_named(el, 'Annotation')]


def ABContactDelete(server, acct, action, host):
    for contact in soap.all_named(action, 'Contact'):
        email = L.by_guid(server.store, acct, soap.text(contact, 'contactId'))
        if email is not None:
            L.remove_fl(server, acct, email)     # unknown ids are ignored
    return Reply(200, soap.empty_response(host, 'ABContactDelete'), 'ABContactDelete')


def ABContactUpdate(server, acct, action, host):
    m = 'ABContactUpdate'
    for contact in soap.all_named(action, 'Contact'):
        changed = soap.walk(contact, 'propertiesChanged')
        if changed is None or not (changed.text or '').strip():
            return soap.bare(500, m)
        props = set((changed.text or '').split())
        info = soap.walk(contact, 'contactInfo')
        if soap.text(info, 'contactType') == 'Me':
            update_me(server, acct, info, props)
            continue
        email = L.by_guid(server.store, acct, soap.text(contact, 'contactId'))
        if email is None or not acct.on_list(email, 'FL'):
            return fault500(m, 'ContactDoesNotExist', 'Contact does not exist')
        c = acct.contacts[email]
        if 'Annotation' in props:
            for name, value in annotations(info):
                if name == 'AB.NickName':
                    c.ab_nick = value
        if 'IsMessengerUser' in props:
            c.ab_not_messenger = not soap.is_true(soap.text(info, 'isMessengerUser'))
    return Reply(200, soap.empty_response(host, m), m)


def update_me(server, acct, info, props):
    if 'Annotation' in props:
        extra = acct.__dict__.setdefault('ab_me_annotations', {})
        blp = gtc = None
        for name, value in annotations(info):
            if name == 'MSN.IM.BLP':
                blp = {'1': 'AL', '2': 'BL'}.get(value)
            elif name == 'MSN.IM.GTC':
                gtc = {'1': 'A', '2': 'N'}.get(value)
            elif name.startswith('MSN.IM.'):
                extra[name] = value
        L.set_privacy(server, acct, blp, gtc)
    if 'DisplayName' in props:
        name = soap.text(info, 'displayName')
        if name:
            acct.nick = name
            server.refresh(acct.email, force=True)


# ---------------------------------------------------------------- groups
def group_ids(action):
    el = soap.first(action, 'groupFilter')
    return [(g.text or '').strip() for g in soap.all_named(el, 'guid')] if el is not None else []


def ABGroupAdd(server, acct, action, host):
    m = 'ABGroupAdd'
    info = soap.first(action, 'groupInfo')
    name = soap.text(info, 'name') if info is not None else None
    if not name:
        return soap.bare(500, m)
    if len(name) > MAX_GROUP_NAME:
        return fault500(m, 'BadArgumentLength', 'GroupName length is too long')
    if acct.group_by_name(name) is not None or name == '(No Group)':
        return fault500(m, 'GroupAlreadyExists', 'Group already exists')
    g = acct.add_group(name)
    g.guid = soap.new_guid()     # from soap's random source, so that recorded answers repeat
    return Reply(200, guid_response(host, m, g.guid), m)


def ABGroupUpdate(server, acct, action, host):
    m = 'ABGroupUpdate'
    for el in soap.all_named(action, 'Group'):
        g = acct.group_by_guid(soap.text(el, 'groupId'))
        name = soap.text(el, 'name')
        if g is None or not name:
            return soap.bare(500, m)
        if len(name) > MAX_GROUP_NAME:
            return fault500(m, 'BadArgumentLength', 'GroupName length is too long')
        g.name = name
    return Reply(200, soap.empty_response(host, m), m)


def ABGroupDelete(server, acct, action, host):
    m = 'ABGroupDelete'
    groups = [acct.group_by_guid(gid) for gid in group_ids(action)]
    if not groups or any(g is None for g in groups):
        return soap.bare(500, m)
    for g in groups:
        acct.remove_group(g)
    return Reply(200, soap.empty_response(host, m), m)


def group_contact_args(server, acct, action):
    gids = group_ids(action)
    g = acct.group_by_guid(gids[0]) if gids else None
    emails = []
    contacts = soap.first(action, 'contacts')
    for c in soap.all_named(contacts, 'Contact') if contacts is not None else []:
        emails.append(L.by_guid(server.store, acct, soap.text(c, 'contactId')))
    return g, emails


def ABGroupContactAdd(server, acct, action, host):
    m = 'ABGroupContactAdd'
    g, emails = group_contact_args(server, acct, action)
    if g is None or not emails:
        return soap.bare(500, m)
    for email in emails:
        if email is None or not acct.on_list(email, 'FL'):
            return fault500(m, 'ContactDoesNotExist', 'Contact does not exist')
        if g.id in acct.contacts[email].groups:
            return soap.bare(500, m)
    for email in emails:
        acct.contacts[email].groups.append(g.id)
    return Reply(200, guid_response(host, m, L.contact_guid(server.store, emails[0])), m)


def ABGroupContactDelete(server, acct, action, host):
    m = 'ABGroupContactDelete'
    g, emails = group_contact_args(server, acct, action)
    if g is None or not emails:
        return soap.bare(500, m)
    for email in emails:
        if email is None or not acct.on_list(email, 'FL') or g.id not in acct.contacts[email].groups:
            return soap.bare(500, m)
    for email in emails:
        acct.contacts[email].groups.remove(g.id)
    return Reply(200, soap.empty_response(host, m), m)


METHODS = {f.__name__: f for f in (ABFindAll, ABFindContactsPaged, ABContactAdd, ABContactDelete, ABContactUpdate,
                                   ABGroupAdd, ABGroupUpdate, ABGroupDelete, ABGroupContactAdd, ABGroupContactDelete)}
