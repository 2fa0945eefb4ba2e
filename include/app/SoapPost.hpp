#pragma once
// One SOAP call over HTTPS, made the way every web-service client of msntty makes it (the address
// book, the offline-message inbox and outbox): text/xml with the SOAPAction, certificates
// verified against the system store plus the ca_file setting, login_timeout for the whole
// exchange. The answer comes in a fresh loop turn, not inside the HTTP client's callback (so the
// next call starts clean), and never once `alive` is false (its owner is gone).
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/Settings.hpp"
#include "net/HttpClient.hpp"
#include "net/Reactor.hpp"
#include "net/Url.hpp"

namespace msntty {

using SoapAnswer =
    std::function<void(const std::optional<net::HttpResponse>& response, const std::string& error)>;

net::HttpClient::Request post_soap(net::Reactor& reactor, net::HttpClient& http,
                                   const Settings& settings, const net::Url& url,
                                   const std::string& action, const std::string& body,
                                   std::shared_ptr<bool> alive, SoapAnswer answer);

}  // namespace msntty
