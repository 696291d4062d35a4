#pragma once

#include <QList>
#include <QMetaType>

#include "cascade/core/eventsink.h"

// Engine value types travel through queued signals (RunBridge), so Qt must know them.
Q_DECLARE_METATYPE(cascade::StageEvent)
Q_DECLARE_METATYPE(cascade::RunIssue)
Q_DECLARE_METATYPE(cascade::RunEnded)

// Registers the engine value types once; safe to call repeatedly.
void registerEngineMetaTypes();
