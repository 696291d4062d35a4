#pragma once

#include <stdexcept>
#include <string>

namespace cascade {

// Every error the engine reports to a person: the message is complete and readable as is.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Raised when a run is cancelled through its RunContext.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace cascade
