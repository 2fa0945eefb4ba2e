#include "app/ServiceUrls.hpp"

#include "util/Strings.hpp"

namespace msntty {
namespace {

struct ServiceRow {
  WebService service;
  std::string_view setting;
  std::string_view path;
};

constexpr ServiceRow kServices[] = {
    {WebService::Nexus, "nexus", "/rdr/pprdr.asp"},
    {WebService::Rst, "rst_url", "/RST.srf"},
    {WebService::AddressBook, "abservice_url", "/abservice/abservice.asmx"},
    {WebService::Sharing, "sharing_url", "/abservice/SharingService.asmx"},
    {WebService::Storage, "storage_url", "/storageservice/SchematizedStore.asmx"},
    {WebService::OimRsi, "oim_rsi_url", "/rsi/rsi.asmx"},
    {WebService::OimStore, "oim_store_url", "/OimWS/oim.asmx"},
};

const ServiceRow& row(WebService service) {
  for (const auto& r : kServices)
    if (r.service == service) return r;
  return kServices[0];  // unreachable: every enumerator has a row
}

}  // namespace

std::string_view service_setting(WebService service) {
  return row(service).setting;
}

std::string_view service_path(WebService service) {
  return row(service).path;
}

std::string service_url(const Settings& settings, WebService service) {
  std::string_view own = trim(settings.get(service_setting(service)));
  if (!own.empty()) return std::string(own);
  std::string_view base = trim(settings.get("web_base"));
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return std::string(base) + std::string(service_path(service));
}

}  // namespace msntty
