// Settings: defaults, validation and its messages, parse_protocols.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/ServiceUrls.hpp"
#include "app/Settings.hpp"

using namespace msntty;

TEST_CASE("settings: defaults", "[settings]") {
  Settings s;
  CHECK(s.get("server") == "msnmsgr.escargot.chat:1863");
  CHECK(service_url(s, WebService::Nexus) == "https://msnmsgr.escargot.chat/rdr/pprdr.asp");
  CHECK(s.get("account") == "");
  CHECK(s.get("status") == "online");
  CHECK(s.get("font") == "Arial");
  CHECK(s.get_int("connect_timeout") == 20);
  CHECK(s.get_int("login_timeout") == 60);
  CHECK(s.get_int("scrollback_lines") == 2000);
  CHECK(parse_protocols(s.get("protocols")) ==
        std::vector<int>{18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2});
  CHECK(s.get("no_such_setting") == "");
  CHECK(s.get_int("no_such_setting") == 0);
  CHECK_FALSE(s.get_bool("no_such_setting"));
}

TEST_CASE("settings: every default passes its own validation; names follow the table",
          "[settings]") {
  Settings s;
  std::vector<std::string> names;
  for (const auto& spec : Settings::specs()) {
    INFO(spec.name);
    names.emplace_back(spec.name);
    CHECK(Settings::spec(spec.name) == &spec);
    CHECK(s.get(spec.name) == spec.default_value);
    CHECK_FALSE(s.set(spec.name, spec.default_value));
    CHECK(s.get(spec.name) == spec.default_value);
    CHECK_FALSE(spec.description.empty());
  }
  CHECK(s.names() == names);
  CHECK_FALSE(Settings::spec("nope"));
}

TEST_CASE("settings: unknown names", "[settings]") {
  Settings s;
  CHECK(s.set("nope", "1") == std::optional<std::string>("unknown setting \"nope\""));
  CHECK(s.get("nope") == "");
  CHECK(s.set("", "x").has_value());
}

TEST_CASE("settings: integers within their range", "[settings]") {
  Settings s;
  const std::string msg = "connect_timeout takes a whole number from 1 to 600";
  CHECK(s.set("connect_timeout", "0") == msg);
  CHECK(s.set("connect_timeout", "601") == msg);
  CHECK(s.set("connect_timeout", "-5") == msg);
  CHECK(s.set("connect_timeout", "abc") == msg);
  CHECK(s.set("connect_timeout", "") == msg);
  CHECK(s.set("connect_timeout", " 5") == msg);
  CHECK(s.set("connect_timeout", "5s") == msg);
  CHECK(s.set("connect_timeout", "99999999999999999999999") == msg);
  CHECK(s.get_int("connect_timeout") == 20);  // failures change nothing
  CHECK_FALSE(s.set("connect_timeout", "1"));
  CHECK(s.get_int("connect_timeout") == 1);
  CHECK_FALSE(s.set("connect_timeout", "600"));
  CHECK(s.get_int("connect_timeout") == 600);
  CHECK_FALSE(s.set("scrollback_lines", "1000000"));
  CHECK(s.get_int("scrollback_lines") == 1000000);
  CHECK(s.set("scrollback_lines", "99") ==
        std::optional<std::string>("scrollback_lines takes a whole number from 100 to 1000000"));
}

TEST_CASE("settings: status", "[settings]") {
  Settings s;
  CHECK_FALSE(s.set("status", "busy"));
  CHECK(s.get("status") == "busy");
  CHECK_FALSE(s.set("status", "inv"));
  CHECK(s.get("status") == "invisible");  // stored in full
  CHECK(s.set("status", "offline") == std::optional<std::string>("status takes a status name"));
  CHECK(s.set("status", "b") ==
        std::optional<std::string>("status takes a status name"));  // busy or brb
  CHECK(s.set("status", "NLN").has_value());
  CHECK(s.set("status", "").has_value());
  CHECK(s.get("status") == "invisible");
}

TEST_CASE("settings: protocols", "[settings]") {
  Settings s;
  CHECK_FALSE(s.set("protocols", "MSNP12,MSNP8"));
  CHECK(s.get("protocols") == "MSNP12,MSNP8");
  CHECK_FALSE(s.set("protocols", "2-7"));
  const std::string msg = "protocols takes versions from MSNP2 to MSNP18";
  CHECK(s.set("protocols", "MSNP19") == msg);
  CHECK(s.set("protocols", "") == msg);
  CHECK(s.set("protocols", "MSNP") == msg);
  CHECK(s.get("protocols") == "2-7");
}

TEST_CASE("settings: booleans", "[settings]") {
  // Only if the table has one (the table grows as features land).
  const SettingSpec* b = nullptr;
  for (const auto& spec : Settings::specs())
    if (spec.kind == "bool") b = &spec;
  if (!b) return;
  Settings s;
  const std::string name(b->name);
  for (const char* on : {"on", "true", "yes", "1"}) {
    CHECK_FALSE(s.set(name, on));
    CHECK(s.get(name) == "on");
    CHECK(s.get_bool(name));
  }
  for (const char* off : {"off", "false", "no", "0"}) {
    CHECK_FALSE(s.set(name, off));
    CHECK(s.get(name) == "off");
    CHECK_FALSE(s.get_bool(name));
  }
  CHECK(s.set(name, "maybe") == std::optional<std::string>(name + " takes on or off"));
  CHECK(s.get(name) == "off");
}

TEST_CASE("settings: parse_protocols", "[settings]") {
  using V = std::vector<int>;
  CHECK(parse_protocols("MSNP12,MSNP8") == V{12, 8});
  CHECK(parse_protocols("MSNP8,MSNP12") == V{12, 8});
  CHECK(parse_protocols("2-7") == V{7, 6, 5, 4, 3, 2});
  CHECK(parse_protocols("8-12") == V{12, 11, 10, 9, 8});
  CHECK(parse_protocols("12-8") == V{12, 11, 10, 9, 8});
  CHECK(parse_protocols("MSNP8-MSNP10") == V{10, 9, 8});
  CHECK(parse_protocols("7") == V{7});
  CHECK(parse_protocols("msnp9") == V{9});
  CHECK(parse_protocols(" MSNP9 , MSNP8 ") == V{9, 8});
  CHECK(parse_protocols("8,8,8-9,,") == V{9, 8});
  CHECK(parse_protocols("2-12") == V{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2});

  for (const char* bad : {"",
                          ",",
                          ",,,",
                          " ",
                          "MSNP",
                          "MSNP19",
                          "19",
                          "1",
                          "0",
                          "MSNP1",
                          "8-19",
                          "1-5",
                          "8-",
                          "-8",
                          "2-12-5",
                          "abc",
                          "MSNP8,MSNP99",
                          "MSNP 8",
                          "4294967296",
                          "4294967304",
                          "99999999999999999999",
                          "8;9",
                          "+8",
                          "08x"}) {
    INFO("\"" << bad << "\"");
    CHECK_FALSE(parse_protocols(bad));
  }
}

TEST_CASE("settings: MSNP13-18 are offered too", "[settings]") {
  using V = std::vector<int>;
  CHECK(parse_protocols("13-18") == V{18, 17, 16, 15, 14, 13});
  CHECK(parse_protocols("MSNP18,MSNP12") == V{18, 12});
  Settings s;
  CHECK_FALSE(s.set("protocols", "MSNP16"));
  CHECK(s.get("protocols") == "MSNP16");
}

TEST_CASE("settings: every web service URL derives from web_base unless set", "[settings]") {
  Settings s;
  const std::string base = "https://msnmsgr.escargot.chat";
  CHECK(s.get("web_base") == base);
  CHECK(service_url(s, WebService::Nexus) == base + "/rdr/pprdr.asp");
  CHECK(service_url(s, WebService::Rst) == base + "/RST.srf");
  CHECK(service_url(s, WebService::AddressBook) == base + "/abservice/abservice.asmx");
  CHECK(service_url(s, WebService::Sharing) == base + "/abservice/SharingService.asmx");
  CHECK(service_url(s, WebService::Storage) == base + "/storageservice/SchematizedStore.asmx");
  CHECK(service_url(s, WebService::OimRsi) == base + "/rsi/rsi.asmx");
  CHECK(service_url(s, WebService::OimStore) == base + "/OimWS/oim.asmx");
  // --web moves them all; a trailing slash is not doubled.
  CHECK_FALSE(s.set("web_base", "https://127.0.0.1:8443/"));
  CHECK(service_url(s, WebService::Rst) == "https://127.0.0.1:8443/RST.srf");
  CHECK(service_url(s, WebService::Sharing) ==
        "https://127.0.0.1:8443/abservice/SharingService.asmx");
  // One set on its own wins over the base, and only for itself.
  CHECK_FALSE(s.set("rst_url", "https://login.example.com/RST2.srf"));
  CHECK_FALSE(s.set("nexus", "https://nexus.example.com/rdr/pprdr.asp"));
  CHECK(service_url(s, WebService::Rst) == "https://login.example.com/RST2.srf");
  CHECK(service_url(s, WebService::Nexus) == "https://nexus.example.com/rdr/pprdr.asp");
  CHECK(service_url(s, WebService::AddressBook) ==
        "https://127.0.0.1:8443/abservice/abservice.asmx");
  // Every service has its own setting, and each is in the table (empty: derived).
  for (auto svc : {WebService::Nexus, WebService::Rst, WebService::AddressBook, WebService::Sharing,
                   WebService::Storage, WebService::OimRsi, WebService::OimStore}) {
    const SettingSpec* spec = Settings::spec(service_setting(svc));
    REQUIRE(spec);
    CHECK(spec->default_value == "");
  }
}

TEST_CASE("settings: machine_guid takes a GUID, kept in one form", "[settings]") {
  Settings s;
  CHECK(s.get("machine_guid") == "");
  CHECK_FALSE(s.set("machine_guid", "0d1e2f3a-0000-4000-8000-00000000a11c"));
  CHECK(s.get("machine_guid") == "{0D1E2F3A-0000-4000-8000-00000000A11C}");
  CHECK_FALSE(s.set("machine_guid", "{0D1E2F3A-0000-4000-8000-00000000A11D}"));
  CHECK(s.get("machine_guid") == "{0D1E2F3A-0000-4000-8000-00000000A11D}");
  const std::string msg = "machine_guid takes a GUID, {8-4-4-4-12 hex digits}";
  for (const char* bad :
       {"x", "{0D1E2F3A-0000-4000-8000-00000000A11}", "0D1E2F3A00004000800000000000A11C",
        "{0D1E2F3A-0000-4000-8000-00000000A11CX}", "{0D1E2F3G-0000-4000-8000-00000000A11C}",
        "{0D1E2F3A-0000-4000-8000-00000000A11C", "0D1E2F3A_0000-4000-8000-00000000A11C"}) {
    INFO(bad);
    CHECK(s.set("machine_guid", bad) == msg);
  }
  CHECK(s.get("machine_guid") == "{0D1E2F3A-0000-4000-8000-00000000A11D}");
  CHECK_FALSE(s.set("machine_guid", ""));  // back to generated
  CHECK(s.get("machine_guid") == "");
}
