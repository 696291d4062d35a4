#pragma once

#include <sqlite3.h>

#include <string>

namespace cascade {

// RAII owner of one sqlite3 connection. One writer connection per run thread; readers open
// their own (WAL lets them read while a run writes).
class Database {
public:
    enum class Mode { ReadWrite, ReadOnly };

    explicit Database(const std::string& path, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;

    void exec(const std::string& sql);
    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }
    long long last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
    int changes() const { return sqlite3_changes(db_); }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// Commits on commit(), rolls back if destroyed before that (an exception unwound past it).
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace cascade
