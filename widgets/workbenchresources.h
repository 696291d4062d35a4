#pragma once

// The icons live in resources/resources.qrc, compiled into the static cascade_widgets library;
// a static library's resources must be registered explicitly before first use. Idempotent.
void initWorkbenchResources();
