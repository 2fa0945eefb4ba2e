"""NS contact-list / settings / naming commands (mixin for NSConn)."""
import formats as F

PHONE_PROPS = ('PHH', 'PHW', 'PHM', 'MOB', 'MBE')


class ListCommands:
    # raised via NSConn's Close; imported lazily to avoid a cycle
    def _close(self):
        from ns import Close
        raise Close()

    # ---------------------------------------------------------------- names
    def c_REA(self, trid, email, nick, *rest):
        if self.dialect >= 10:
            return self.send_line(502, trid)
        email = email.lower()
        if email == self.email:
            self.account.nick = F.dec(nick)
            self.send_line('REA', trid, self.next_ser(), email, F.enc(self.account.nick))
            self.server.refresh(self.email, force=True)
            return
        if email not in self.account.contacts:
            return self.send_line(216, trid)
        self.send_line('REA', trid, self.next_ser(), email, nick)

    def c_PRP(self, trid, key, value=None, *rest):
        if key == 'MFN':
            if self.dialect < 10:
                return self.send_line(715, trid)
            if value is None:
                self._close()
            self.account.nick = F.dec(value)
            self.send_line('PRP', trid, 'MFN', F.enc(self.account.nick))
            self.server.refresh(self.email, force=True)
            return
        if key not in PHONE_PROPS or self.dialect < 5:
            return self.send_line(715, trid)
        self.send_line('PRP', trid, self.next_ser(), key, value)

    def c_SBP(self, trid, guid, key, value, *rest):
        if self.dialect < 10 or self.dialect >= 13:
            self._close()
        self.send_line('SBP', trid, guid, key, value)

    # ---------------------------------------------------------------- settings
    def c_BLP(self, trid, value, *rest):
        if value not in ('AL', 'BL'):
            self._close()
        if self.account.blp == value and self.dialect < 13:   # 13+: never 218
            return self.send_line(218, trid)
        self.account.blp = value
        self.send_line('BLP', trid, self.next_ser(), value)
        self.server.refresh(self.email)

    def c_GTC(self, trid, value, *rest):
        if value not in ('A', 'N') or self.dialect >= 13:
            self._close()
        if self.account.gtc == value:
            return self.send_line(218, trid)
        self.account.gtc = value
        self.send_line('GTC', trid, self.next_ser(), value)

    # ---------------------------------------------------------------- RL notifications
    def notify_rl(self, adder, removed):
        if self.dialect >= 13:
            return self.notify_rl_wlm(adder, removed)
        if not self.syn_sent and not self.iln_sent:
            return
        if removed:
            self.send_line('REM', 0, 'RL', self.next_ser(), adder)
        elif self.dialect < 10:
            self.send_line('ADD', 0, 'RL', self.next_ser(), adder, F.enc(self.store.nick_of(adder)))
        else:
            self.send_line('ADC', 0, 'RL', 'N=' + adder, 'F=' + F.enc(self.store.nick_of(adder)))

    def _after_add(self, lst, email, was_on):
        if was_on:
            return
        if lst == 'FL':
            self.server.notify_rl(self.email, email)
            self.update_shown(email)
        else:
            self.server.refresh(self.email)

    # ---------------------------------------------------------------- MSNP2-9
    def c_ADD(self, trid, lst, email, nick=None, group=None, *rest):
        if self.dialect >= 10 or lst not in ('FL', 'AL', 'BL'):
            self._close()
        email = email.lower()
        if not F.valid_email(email):
            return self.send_line(201, trid)
        if self.store.get(email) is None:
            return self.send_line(205, trid)
        acct = self.account
        if group is not None:
            if lst != 'FL' or self.dialect < 7 or acct.group_by_id(group) is None:
                return self.send_line(224, trid)
        was_on = acct.on_list(email, lst)
        if was_on:
            c = acct.contacts[email]
            if group is None or group in c.groups:
                return self.send_line(215, trid)
        c = acct.add_to_list(email, lst)
        if group is not None and group not in c.groups:
            c.groups.append(group)
        self.send_line('ADD', trid, lst, self.next_ser(), email, nick if nick is not None else email, group)
        self._after_add(lst, email, was_on)

    # ---------------------------------------------------------------- MSNP10-12
    def c_ADC(self, trid, lst, arg1, arg2=None, *rest):
        if self.dialect < 10 or lst == 'PL' or lst not in ('FL', 'AL', 'BL', 'RL'):
            self._close()
        acct = self.account
        if arg1.startswith('N='):
            email = arg1[2:].lower()
            if not F.valid_email(email):
                return self.send_line(201, trid)
            if self.store.get(email) is None:
                return self.send_line(208, trid)
            if lst == 'RL':
                if self.dialect < 11 or email not in self.store.reverse_list(self.email):
                    self._close()
                return self.send_line('ADC', trid, 'RL', 'N=' + email)
            if acct.on_list(email, lst):
                return self.send_line(215, trid)
            acct.add_to_list(email, lst)
            if lst == 'FL':
                fname = arg2 if (arg2 and arg2.startswith('F=')) else None
                self.send_line('ADC', trid, 'FL', 'N=' + email, fname, 'C=' + self.store.get(email).guid)
            else:
                self.send_line('ADC', trid, lst, 'N=' + email)
            self._after_add(lst, email, False)
            return
        if arg1.startswith('C=') and lst == 'FL' and arg2:
            other = self.store.by_guid(arg1[2:])
            if other is None or not acct.on_list(other.email, 'FL'):
                return self.send_line(208, trid)
            g = acct.group_by_guid(arg2)
            if g is None:
                return self.send_line(224, trid)
            c = acct.contacts[other.email]
            if g.id in c.groups:
                return self.send_line(215, trid)
            c.groups.append(g.id)
            return self.send_line('ADC', trid, 'FL', arg1, arg2)
        self.send_line(201, trid)

    # ---------------------------------------------------------------- removal (all versions)
    def c_REM(self, trid, lst, who, group=None, *rest):
        if lst == 'RL' or lst not in ('FL', 'AL', 'BL', 'PL'):
            self._close()
        acct = self.account
        if lst == 'PL':
            return self.send_line(216, trid)
        if lst == 'FL' and self.dialect >= 10:
            other = self.store.by_guid(who)
            if other is None:
                return self.send_line(208, trid)
            email = other.email
        else:
            email = who.lower()
            if self.store.get(email) is None:
                return self.send_line(205 if self.dialect < 10 else 208, trid)
        if not acct.on_list(email, lst):
            return self.send_line(216, trid)
        if group is not None:
            if lst != 'FL':
                return self.send_line(224, trid)
            g = acct.group_by_id(group) if self.dialect < 10 else acct.group_by_guid(group)
            if g is None:
                return self.send_line(224, trid)
            c = acct.contacts[email]
            if g.id not in c.groups:
                return self.send_line(225, trid)
            c.groups.remove(g.id)
            return self.send_line('REM', trid, lst, self.next_ser(), who, group)
        acct.remove_from_list(email, lst)
        self.send_line('REM', trid, lst, self.next_ser(), who)
        if lst == 'FL':
            self.shown.pop(email, None)
            self.server.notify_rl(self.email, email, removed=True)
        else:
            self.server.refresh(self.email)

    # ---------------------------------------------------------------- groups (MSNP7+)
    def c_ADG(self, trid, name, *rest):
        if self.dialect < 7:
            self._close()
        acct = self.account
        real = F.dec(name)
        if len(F.enc(real).encode('utf-8')) > 61:
            return self.send_line(229, trid)
        if acct.group_by_name(real) is not None or real == 'Other Contacts':
            return self.send_line(228, trid)
        if len(acct.groups) >= 30:
            return self.send_line(223, trid)
        g = acct.add_group(real)
        if self.dialect < 10:
            self.send_line('ADG', trid, self.next_ser(), F.enc(real), g.id, 0)
        else:
            self.send_line('ADG', trid, F.enc(real), g.guid, 0)

    def _group_arg(self, gid):
        acct = self.account
        return acct.group_by_id(gid) if self.dialect < 10 else acct.group_by_guid(gid)

    def c_RMG(self, trid, gid, *rest):
        if self.dialect < 7:
            self._close()
        if gid == '0':
            return self.send_line(230, trid)
        g = self._group_arg(gid)
        if g is None:
            return self.send_line(224, trid)
        self.account.remove_group(g)
        if self.dialect < 10:
            self.send_line('RMG', trid, self.next_ser(), gid)
        else:
            self.send_line('RMG', trid, 1, gid)

    def c_REG(self, trid, gid, name, *rest):
        if self.dialect < 7:
            self._close()
        g = self._group_arg(gid)
        if g is None:
            return self.send_line(224, trid)
        real = F.dec(name)
        if len(F.enc(real).encode('utf-8')) > 127:
            return self.send_line(229, trid)
        g.name = real
        if self.dialect < 10:
            self.send_line('REG', trid, self.next_ser(), gid, F.enc(real), 0)
        else:
            self.send_line('REG', trid, 1, F.enc(real), gid, 0)
