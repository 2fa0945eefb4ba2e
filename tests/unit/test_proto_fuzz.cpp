// Fuzz-style robustness: random mutations of real server lines (random bytes, truncations, digit
// changes, huge numbers, lost line ends) fed to NsSession and SbSession, during and after login.
// Asserts only that nothing crashes or hangs (ASan/UBSan builds find memory bugs) and that every
// string in every event is valid UTF-8. The PRNG is seeded: a failure is reproducible.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "proto/NsSession.hpp"
#include "proto/SbSession.hpp"
#include "util/Utf8.hpp"

using namespace msntty;

namespace {

// All strings of an event (and of nested contacts/groups), to be checked for valid UTF-8.
struct Strings {
  std::vector<const std::string*> all;
  void add(const std::string& s) { all.push_back(&s); }
  void add(const Group& g) {
    add(g.id);
    add(g.name);
  }
  void add(const Contact& c) {
    add(c.email);
    add(c.nick);
    add(c.guid);
    add(c.psm);
    for (const auto& g : c.groups) add(g);
  }
};

template <class T>
void collect(const T& v, Strings& s) {
  if constexpr (std::is_same_v<T, ns::Redirect>)
    s.add(v.host);
  else if constexpr (std::is_same_v<T, ns::PassportNeeded>)
    s.add(v.server_args);
  else if constexpr (std::is_same_v<T, ns::GroupListed>)
    s.add(v.group);
  else if constexpr (std::is_same_v<T, ns::ContactListed>)
    s.add(v.contact);
  else if constexpr (std::is_same_v<T, ns::SignedIn>) {
    s.add(v.account);
    s.add(v.nick);
  } else if constexpr (std::is_same_v<T, ns::PrivacySettings>) {
    s.add(v.blp);
    s.add(v.gtc);
  } else if constexpr (std::is_same_v<T, ns::Presence>) {
    s.add(v.email);
    s.add(v.nick);
  } else if constexpr (std::is_same_v<T, ns::PersonalMessage>) {
    s.add(v.email);
    s.add(v.psm);
  } else if constexpr (std::is_same_v<T, ns::OwnNick>)
    s.add(v.nick);
  else if constexpr (std::is_same_v<T, ns::Error>) {
    s.add(v.text);
    if (v.request) {
      s.add(v.request->contact);
      s.add(v.request->group);
    }
  } else if constexpr (std::is_same_v<T, ns::ProtocolError>)
    s.add(v.text);
  else if constexpr (std::is_same_v<T, ns::SignedOut>) {
    s.add(v.reason);
    s.add(v.text);
  } else if constexpr (std::is_same_v<T, ns::SwitchboardGranted>) {
    s.add(v.host);
    s.add(v.cookie);
  } else if constexpr (std::is_same_v<T, ns::SwitchboardRefused>)
    s.add(v.text);
  else if constexpr (std::is_same_v<T, ns::Invitation>) {
    s.add(v.session_id);
    s.add(v.host);
    s.add(v.cookie);
    s.add(v.inviter);
    s.add(v.inviter_nick);
  } else if constexpr (std::is_same_v<T, ns::MailNotice>) {
    s.add(v.from);
    s.add(v.from_addr);
    s.add(v.subject);
  } else if constexpr (std::is_same_v<T, ns::SystemNotice>)
    s.add(v.text);
  else if constexpr (std::is_same_v<T, ns::ReverseList>) {
    s.add(v.email);
    s.add(v.nick);
  } else if constexpr (std::is_same_v<T, ns::ListAdded>) {
    s.add(v.email);
    s.add(v.nick);
    s.add(v.guid);
    s.add(v.group);
  } else if constexpr (std::is_same_v<T, ns::ListRemoved>) {
    s.add(v.who);
    s.add(v.group);
  } else if constexpr (std::is_same_v<T, ns::GroupAdded>)
    s.add(v.group);
  else if constexpr (std::is_same_v<T, ns::GroupRemoved>)
    s.add(v.id);
  else if constexpr (std::is_same_v<T, ns::GroupRenamed>)
    s.add(v.group);
  // sb events
  else if constexpr (std::is_same_v<T, sb::Joined>) {
    s.add(v.email);
    s.add(v.nick);
  } else if constexpr (std::is_same_v<T, sb::Left>)
    s.add(v.email);
  else if constexpr (std::is_same_v<T, sb::Ringing>)
    s.add(v.email);
  else if constexpr (std::is_same_v<T, sb::CallFailed>) {
    s.add(v.email);
    s.add(v.text);
  } else if constexpr (std::is_same_v<T, sb::Message>) {
    s.add(v.from);
    s.add(v.nick);
    s.add(v.text);
    s.add(v.format.font);
  } else if constexpr (std::is_same_v<T, sb::Typing>)
    s.add(v.email);
  else if constexpr (std::is_same_v<T, sb::Nudge>)
    s.add(v.from);
  else if constexpr (std::is_same_v<T, sb::Unsupported>) {
    s.add(v.from);
    s.add(v.what);
  } else if constexpr (std::is_same_v<T, sb::NotDelivered>)
    s.add(v.reason);
  else if constexpr (std::is_same_v<T, sb::Error>)
    s.add(v.text);
}

template <class Variant>
void check_utf8(const std::vector<Variant>& events, const std::string& context) {
  for (const auto& e : events) {
    Strings s;
    std::visit([&](const auto& v) { collect(v, s); }, e);
    for (const std::string* str : s.all) {
      if (!utf8_valid(*str)) {
        INFO("after: " << context);
        INFO("event #" << e.index() << " holds invalid UTF-8: " << sanitize_for_terminal(*str));
        FAIL_CHECK("invalid UTF-8 in an event");
      }
    }
  }
}

std::string with_payload(const std::string& line, const std::string& payload) {
  return line + " " + std::to_string(payload.size()) + "\r\n" + payload;
}

const std::string kHello =
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
    "X-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\nHello Bob, this is Alice!";

// Real server lines (tests/data, doc/protocol/sessions.md) after sign-in; payload commands carry
// theirs.
const std::vector<std::string>& ns_lines() {
  static const std::vector<std::string> lines = {
      "CHG 6 NLN 0\r\n",
      "ILN 6 NLN bob@example.com Bob 0 %3Cmsnobj%2F%3E\r\n",
      "ILN 7 AWY bob@hotmail.com Bob\r\n",
      "NLN BSY bob@example.com Bob 0 %3Cmsnobj%2F%3E\r\n",
      "NLN NLN alice@example.com Alice%20Liddell\r\n",
      "NLN NLN bob@example.com B%C3%B6b%20%E2%98%83 268435456\r\n",
      "FLN bob@example.com\r\n",
      with_payload("UBX bob@example.com",
                   "<Data><PSM>brb &amp; &#9731;</PSM><CurrentMedia></CurrentMedia></Data>"),
      with_payload("UBX bob@example.com", "<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>"),
      "CHL 0 22210219642164014968\r\n",
      "QRY 7\r\n",
      "QNG 60\r\n",
      "QNG\r\n",
      "PRP 8 MFN Alice%20L\r\n",
      "REA 8 2 alice@example.com Alice%20Liddell\r\n",
      "ADD 0 RL 2 carol@example.com Carol\r\n",
      "ADC 0 RL N=carol@example.com F=Carol\r\n",
      "REM 0 RL carol@example.com\r\n",
      "ADD 11 FL 5 carol@example.com carol@example.com 0\r\n",
      "ADC 9 FL N=carol@example.com F=carol@example.com C=b9462c29-11c8-4a27-8395-c21844f4781a\r\n",
      "REM 13 FL 6 carol@example.com\r\n",
      "ADG 10 Pals 7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01 0\r\n",
      "ADG 14 12 Friends 3 0\r\n",
      "REG 13 1 Best%20Pals 7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01 0\r\n",
      "RMG 15 1 7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01\r\n",
      "BLP 9 3 AL\r\n",
      "GTC 10 4 N\r\n",
      "XFR 15 SB 127.0.0.1:1864 CKI 3371944ba9bba74ab36d\r\n",
      "XFR 10 SB 127.0.0.1:21864 CKI a0a86a27df2f8d8571a4\r\n",
      "RNG e637896aaeb1924b9d4982a926e3668 127.0.0.1:1864 CKI f007d11ed3440d1d54fc "
      "alice@example.com Alice%20Liddell\r\n",
      "913 9\r\n",
      "205 12\r\n",
      "201 14\r\n",
      "209 7\r\n",
      "SBS 0 null\r\n",
      with_payload("GCF 7 Shields.xml",
                   "<?xml version=\"1.0\" encoding=\"utf-8\" ?><config><shield></shield></config>"),
      with_payload(
          "MSG Hotmail Hotmail",
          "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsemailnotification; charset=UTF-8\r\n\r\n"
          "From: Bob\r\nSubject: =?utf-8?B?SGk=?=\r\nFrom-Addr: bob@example.com\r\n\r\n"),
      with_payload("MSG Hotmail Hotmail",
                   "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialemailnotification; "
                   "charset=UTF-8\r\n\r\n"
                   "Inbox-Unread: 1\r\nFolders-Unread: 0\r\n\r\n"),
      with_payload("MSG Hotmail Hotmail",
                   "MIME-Version: 1.0\r\nContent-Type: "
                   "application/x-msmsgssystemmessage\r\n\r\nType: 1\r\nArg1: 5\r\n"),
      with_payload("MSG Hotmail Hotmail",
                   "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; "
                   "charset=UTF-8\r\nLoginTime: 1\r\n\r\n"),
      with_payload("NOT",
                   "<NOTIFICATION id=\"0\"><MSG><BODY><TEXT>hi</TEXT></BODY></MSG></NOTIFICATION>"),
      "XFR 0 NS 0\r\n",
      "OUT OTH\r\n",
      "CHG 0 FLN\r\n",
  };
  return lines;
}

const std::vector<std::string>& login_lines() {
  static const std::vector<std::string> lines = {
      "VER 1 MSNP12\r\n",
      "VER 1 MSNP7 MSNP6 MSNP5 MSNP4 CVR0\r\n",
      "CVR 2 7.0.0816 7.0.0816 7.0.0816 https://escargot.log1p.xyz https://escargot.log1p.xyz\r\n",
      "INF 2 MD5\r\n",
      "USR 3 MD5 S 15b27e6e9a1b0bb\r\n",
      "USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1\r\n",
      "XFR 3 NS 207.46.106.118:1863 0 207.46.104.20:1863\r\n",
      "USR 4 OK alice@example.com Alice 1\r\n",
      "USR 4 OK alice@example.com 1 0\r\n",
      "SYN 5 1\r\n",
      "SYN 5 1 2 1\r\n",
      "SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 2 1\r\n",
      "GTC 5 1 A\r\n",
      "BLP AL\r\n",
      "PRP MFN Alice%20Liddell\r\n",
      "LSG 5 1 1 1 0 Other%20Contacts 0\r\n",
      "LSG 0 Other%20Contacts 0\r\n",
      "LSG Pals 4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d\r\n",
      "LST 5 FL 1 1 1 bob@example.com Bob 0\r\n",
      "LST 5 BL 1 0 0\r\n",
      "LST 5 RL 1 1 1 bob@example.com Bob\r\n",
      "LST bob@example.com Bob 11 0\r\n",
      "BPR PHH 1%20(222)%20333%204444\r\n",
      "LST N=bob@example.com F=Bob C=d8cc4906-8b30-40c0-a3a6-23dce9fbddc3 11 1 \r\n",
      "LST N=carol@example.com F=Carol C=b9462c29-11c8-4a27-8395-c21844f4781a 11 1 "
      "4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d\r\n",
      "911 4\r\n",
      "VER 1 0\r\n",
  };
  return lines;
}

const std::vector<std::string>& sb_lines() {
  static const std::vector<std::string> lines = {
      "USR 1 OK alice@example.com Alice%20Liddell\r\n",
      "ANS 1 OK\r\n",
      "IRO 1 1 1 alice@example.com Alice%20Liddell 0\r\n",
      "CAL 2 RINGING e637896aaeb1924b9d4982a926e3668\r\n",
      "217 2\r\n",
      "208 3\r\n",
      "JOI bob@example.com Bob 0\r\n",
      "ACK 4\r\n",
      "NAK 5\r\n",
      "282 6\r\n",
      "BYE bob@example.com\r\n",
      "BYE bob@example.com 1\r\n",
      with_payload("MSG alice@example.com Alice%20Liddell", kHello),
      with_payload("MSG bob@example.com Bob",
                   "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: "
                   "bob@example.com\r\n\r\n\r\n"),
      with_payload("MSG bob@example.com Bob",
                   "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\ncaf\xE9"),
      with_payload(
          "MSG bob@example.com Bob",
          "MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n"),
      with_payload("MSG bob@example.com Bob",
                   "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
                   "Application-Name: File Transfer\r\nInvitation-Command: "
                   "INVITE\r\nInvitation-Cookie: 123456\r\n"
                   "Application-File: notes.txt\r\nApplication-FileSize: 11\r\n\r\n"),
      with_payload(
          "MSG bob@example.com Bob",
          "MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: "
          "alice@example.com\r\n\r\n"
          "INVITE MSNMSGR:alice@example.com MSNSLP/1.0 {5D3E02AB-6190-11D3-BBBB-00C04F795683}"),
      "OUT\r\n",
  };
  return lines;
}

// MSNTTY_FUZZ_SEED overrides the seeds and MSNTTY_FUZZ_SCALE multiplies the iterations, for long
// runs by hand (e.g. MSNTTY_FUZZ_SEED=$RANDOM MSNTTY_FUZZ_SCALE=50 unit-tests '[fuzz]').
uint32_t fuzz_seed(uint32_t fallback) {
  const char* s = std::getenv("MSNTTY_FUZZ_SEED");
  return s && *s ? static_cast<uint32_t>(std::strtoul(s, nullptr, 10)) : fallback;
}

int fuzz_iterations(int n) {
  const char* s = std::getenv("MSNTTY_FUZZ_SCALE");
  long k = s && *s ? std::strtol(s, nullptr, 10) : 1;
  return static_cast<int>(n * (k > 0 ? k : 1));
}

class Mutator {
 public:
  explicit Mutator(uint32_t seed) : m_rng(seed) {}
  size_t below(size_t n) { return n ? std::uniform_int_distribution<size_t>(0, n - 1)(m_rng) : 0; }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
  char byte() { return static_cast<char>(below(256)); }

  std::string mutate(std::string s) {
    int rounds = 1 + static_cast<int>(below(3));
    for (int r = 0; r < rounds; ++r) {
      switch (below(11)) {
        case 0:  // random byte somewhere
          if (!s.empty()) s[below(s.size())] = byte();
          break;
        case 1:  // insert random bytes
          s.insert(below(s.size() + 1), random_bytes(1 + below(8)));
          break;
        case 2:  // truncate
          s.resize(below(s.size() + 1));
          break;
        case 3:  // change a digit
          for (int tries = 0; tries < 8 && !s.empty(); ++tries) {
            size_t i = below(s.size());
            if (s[i] >= '0' && s[i] <= '9') {
              s[i] = static_cast<char>('0' + below(10));
              break;
            }
          }
          break;
        case 4:  // replace a number by a huge or boundary one
          replace_number(s);
          break;
        case 5:  // drop the CR or the whole line end
          if (size_t p = s.find("\r\n"); p != std::string::npos) s.erase(p, chance(50) ? 1 : 2);
          break;
        case 6:  // delete a range
          if (!s.empty()) {
            size_t a = below(s.size());
            s.erase(a, below(s.size() - a + 1));
          }
          break;
        case 7:  // duplicate a range
          if (!s.empty()) {
            size_t a = below(s.size());
            s.insert(below(s.size() + 1), s.substr(a, below(40)));
          }
          break;
        case 8:  // invalid UTF-8 / control bytes / percent escapes
          s.insert(below(s.size() + 1),
                   pick({"\xC3", "\xFF", "\xED\xA0\x80", "\x1B[2J", "%", "%FF", "%C3", "%00",
                         "%0D%0A", "\t", "\x00", "\xF4\x90\x80\x80", " ", "  "}));
          break;
        case 9:  // doubled or removed spaces
          if (size_t p = s.find(' ', below(s.size() + 1)); p != std::string::npos) {
            if (chance(50))
              s.insert(p, " ");
            else
              s.erase(p, 1);
          }
          break;
        default:  // leave as is
          break;
      }
    }
    return s;
  }

  std::string random_bytes(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += byte();
    return s;
  }

  // Random valid UTF-8 with every sequence length, newlines and CRs.
  std::string random_text(size_t chars) {
    std::string s;
    for (size_t i = 0; i < chars; ++i) {
      switch (below(8)) {
        case 0: s += "\xC3\xA9"; break;
        case 1: s += "\xE2\x82\xAC"; break;
        case 2: s += "\xF0\x9F\x98\x80"; break;
        case 3: s += chance(50) ? "\n" : "\r\n"; break;
        case 4: s += "\xED\x9F\xBF"; break;
        default: s += static_cast<char>('a' + below(26)); break;
      }
    }
    return s;
  }

  template <class List>
  const std::string& pick_line(const List& lines) {
    return lines[below(lines.size())];
  }

  // Splits bytes at random points into chunks.
  std::vector<std::string> chunks(const std::string& s) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos < s.size()) {
      size_t n = chance(30) ? 1 + below(3) : 1 + below(s.size() - pos);
      out.push_back(s.substr(pos, n));
      pos += n;
    }
    return out;
  }

 private:
  std::string pick(std::initializer_list<const char*> items) {
    size_t i = below(items.size());
    const char* p = *(items.begin() + i);
    return p[0] == '\0' ? std::string(1, '\0') : std::string(p);
  }

  void replace_number(std::string& s) {
    std::vector<std::pair<size_t, size_t>> numbers;
    for (size_t i = 0; i < s.size();) {
      if (s[i] >= '0' && s[i] <= '9') {
        size_t j = i;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
        numbers.emplace_back(i, j - i);
        i = j;
      } else {
        ++i;
      }
    }
    if (numbers.empty()) return;
    auto [at, len] = numbers[below(numbers.size())];
    static const char* kNumbers[] = {"0",
                                     "1",
                                     "4294967295",
                                     "4294967296",
                                     "18446744073709551615",
                                     "18446744073709551616",
                                     "99999999999999999999999999999999999999",
                                     "65535",
                                     "65536",
                                     "1664",
                                     "1665",
                                     "262144",
                                     "262145",
                                     "2147483648",
                                     "-1"};
    s.replace(at, len, kNumbers[below(std::size(kNumbers))]);
  }

  std::mt19937 m_rng;
};

struct NsRun {
  NsSession s;
  std::string context;
  explicit NsRun(NsConfig c) : s(std::move(c)) {}
  void feed(Mutator& m, const std::string& bytes) {
    for (const auto& chunk : m.chunks(bytes)) {
      s.receive(chunk);
      context += chunk;
      if (context.size() > 400) context.erase(0, context.size() - 400);
      check_utf8(s.take_events(), sanitize_for_terminal(context, true));
    }
    (void)s.take_output();
  }
};

NsConfig ns_config(int version) {
  NsConfig c;
  c.account = "alice@example.com";
  c.password = "alicepass";
  c.versions = {version};
  return c;
}

// A signed-in session on `version` (MSNP7 MD5, or TWN with the MSNP12/8 dump forms).
void sign_in(NsRun& r, int version) {
  r.s.start();
  std::string v = std::to_string(version);
  if (version < 8) {
    r.s.receive(
        "VER 1 MSNP" + v +
        "\r\nINF 2 MD5\r\nUSR 3 MD5 S 15b27e6e9a1b0bb\r\nUSR 4 OK alice@example.com Alice 1\r\n"
        "SYN 5 1\r\nGTC 5 1 A\r\nBLP 5 1 AL\r\n" +
        std::string(version >= 7 ? "LSG 5 1 1 1 0 Other%20Contacts 0\r\n" : "") +
        "LST 5 FL 1 1 1 bob@example.com Bob 0\r\nLST 5 AL 1 1 1 bob@example.com Bob\r\n"
        "LST 5 BL 1 0 0\r\nLST 5 RL 1 1 1 bob@example.com Bob\r\nCHG 6 NLN\r\n");
  } else {
    r.s.receive("VER 1 MSNP" + v + "\r\nCVR 2 a b c d e\r\nUSR 3 TWN S ct=1\r\n");
    r.s.passport_ticket("abc");
    if (version >= 10)
      r.s.receive(
          "USR 4 OK alice@example.com 1 0\r\nSYN 5 a b 1 1\r\nPRP MFN Alice\r\n"
          "LSG Pals 4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d\r\n"
          "LST N=bob@example.com F=Bob C=d8cc4906-8b30-40c0-a3a6-23dce9fbddc3 11 1 \r\nCHG 6 NLN "
          "0\r\n");
    else
      r.s.receive(
          "USR 4 OK alice@example.com Alice 1 0\r\nSYN 5 1 1 1\r\nGTC A\r\nBLP AL\r\nLSG 0 Other "
          "0\r\n"
          "LST bob@example.com Bob 11 0\r\nCHG 6 NLN 0\r\n");
  }
  REQUIRE(r.s.signed_in());
  check_utf8(r.s.take_events(), "sign-in");
  (void)r.s.take_output();
}

}  // namespace

TEST_CASE("fuzz: NsSession survives mutated server lines after sign-in", "[ns][fuzz]") {
  const uint32_t seed = fuzz_seed(20261121);
  Mutator m(seed);
  INFO("seed " << seed);
  const int versions[] = {2, 5, 7, 8, 9, 10, 11, 12};
  for (int iter = 0; iter < fuzz_iterations(1500); ++iter) {
    int v = versions[m.below(std::size(versions))];
    NsRun r(ns_config(v));
    sign_in(r, v);
    for (int n = 0; n < 25 && !r.s.wants_close(); ++n) {
      std::string line = m.pick_line(ns_lines());
      if (m.chance(70)) line = m.mutate(line);
      r.feed(m, line);
      // The user keeps typing in the middle of it all.
      switch (m.below(12)) {
        case 0: r.s.set_nick(m.chance(50) ? m.random_text(5) : m.random_bytes(6)); break;
        case 1: r.s.set_psm(m.random_text(8)); break;
        case 2: r.s.ping(); break;
        case 3: r.s.request_switchboard(); break;
        case 4: r.s.set_status(Status::Away); break;
        default: break;
      }
      (void)r.s.take_output();
    }
  }
  SUCCEED("no crash");
}

TEST_CASE("fuzz: NsSession survives mutated login lines", "[ns][fuzz]") {
  const uint32_t seed = fuzz_seed(7);
  Mutator m(seed);
  INFO("seed " << seed);
  for (int iter = 0; iter < fuzz_iterations(1500); ++iter) {
    int v = static_cast<int>(2 + m.below(11));
    NsConfig c = ns_config(v);
    c.versions = {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2};
    NsRun r(c);
    r.s.start();
    for (int n = 0; n < 30 && !r.s.wants_close(); ++n) {
      if (r.s.state() == NsSession::State::Idle) r.s.start();  // after a redirect
      if (r.s.state() == NsSession::State::Passport) r.s.passport_ticket(m.random_text(3));
      std::string line = m.pick_line(login_lines());
      if (m.chance(60)) line = m.mutate(line);
      r.feed(m, line);
    }
  }
  SUCCEED("no crash");
}

TEST_CASE("fuzz: NsSession with random bytes", "[ns][fuzz]") {
  const uint32_t seed = fuzz_seed(99);
  Mutator m(seed);
  INFO("seed " << seed);
  for (int iter = 0; iter < fuzz_iterations(300); ++iter) {
    NsRun r(ns_config(12));
    sign_in(r, 12);
    for (int n = 0; n < 20 && !r.s.wants_close(); ++n) r.feed(m, m.random_bytes(1 + m.below(200)));
  }
  SUCCEED("no crash");
}

TEST_CASE("fuzz: SbSession survives mutated switchboard lines", "[sb][fuzz]") {
  const uint32_t seed = fuzz_seed(1864);
  Mutator m(seed);
  INFO("seed " << seed);
  for (int iter = 0; iter < fuzz_iterations(1500); ++iter) {
    ImFormat f;
    if (m.chance(10)) f.font = m.random_text(1 + m.below(30));
    SbSession s("alice@example.com", f);
    if (m.chance(50))
      s.start_call("3371944ba9bba74ab36d");
    else
      s.start_answer("e637896aaeb1924b9d4982a926e3668", "f007d11ed3440d1d54fc");
    s.receive(m.chance(50) ? "USR 1 OK alice@example.com Alice\r\n" : "ANS 1 OK\r\n");
    check_utf8(s.take_events(), "ready");
    std::string context;
    for (int n = 0; n < 25 && !s.closed(); ++n) {
      std::string line = m.pick_line(sb_lines());
      if (m.chance(70)) line = m.mutate(line);
      for (const auto& chunk : m.chunks(line)) {
        s.receive(chunk);
        context += chunk;
        if (context.size() > 400) context.erase(0, context.size() - 400);
        check_utf8(s.take_events(), sanitize_for_terminal(context, true));
      }
      switch (m.below(10)) {
        case 0: {
          std::string text = m.random_text(m.chance(20) ? 2000 : 1 + m.below(40));
          auto ids = s.send_text(text);
          CHECK_FALSE(ids.empty());
          break;
        }
        case 1: s.send_typing(); break;
        case 2: s.send_nudge(); break;
        case 3: s.invite(m.chance(50) ? "bob@example.com" : m.random_text(3)); break;
        default: break;
      }
      // Whatever we send keeps every MSG payload within the limit.
      std::string out = s.take_output();
      for (size_t p = out.find("MSG "); p != std::string::npos; p = out.find("MSG ", p + 1)) {
        size_t eol = out.find("\r\n", p);
        if (eol == std::string::npos) break;
        std::string msg = out.substr(p, eol - p);
        std::string len = msg.substr(msg.rfind(' ') + 1);
        if (len.find_first_not_of("0123456789") == std::string::npos && !len.empty())
          CHECK(std::stoul(len) <= SbSession::kMaxPayload);
      }
    }
    (void)s.unacknowledged();
  }
  SUCCEED("no crash");
}
