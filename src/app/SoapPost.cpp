#include "app/SoapPost.hpp"

#include <chrono>
#include <utility>

namespace msntty {

net::HttpClient::Request post_soap(net::Reactor& reactor, net::HttpClient& http,
                                   const Settings& settings, const net::Url& url,
                                   const std::string& action, const std::string& body,
                                   std::shared_ptr<bool> alive, SoapAnswer answer) {
  net::TlsOptions tls;
  tls.ca_file = settings.get("ca_file");
  tls.verify = true;
  net::HttpClient::Headers headers = {{"Content-Type", "text/xml; charset=utf-8"},
                                      {"SOAPAction", action}};
  return http.post(
      url, std::move(headers), body, tls,
      std::chrono::milliseconds(1000LL * settings.get_int("login_timeout")),
      [&reactor, alive = std::move(alive), answer = std::move(answer)](
          std::optional<net::HttpResponse> response, std::string error) {
        reactor.defer([alive, answer, response = std::move(response), error = std::move(error)] {
          if (*alive) answer(response, error);
        });
      });
}

}  // namespace msntty
