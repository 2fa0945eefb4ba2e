#pragma once
// What became of a message we sent: queued until the switchboard is ready (Pending), written
// (Sent), acknowledged (Delivered), taken by the offline-message store because the contact was
// offline (Stored), or refused (Failed, with a reason). A field of the model's ChatLine and of
// the interface's scrollback line alike.
namespace msntty {

enum class Delivery { None, Pending, Sent, Delivered, Stored, Failed };

}  // namespace msntty
