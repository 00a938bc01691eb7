/* pd-sandbox-names.h - people, phone numbers and texts for seeded data
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-sandbox-random.h"

G_BEGIN_DECLS

typedef enum
{
  PD_SANDBOX_REGION_GHANA,
  PD_SANDBOX_REGION_UGANDA,
  PD_SANDBOX_REGION_AUSTRALIA,
  PD_SANDBOX_REGION_KENYA,
  PD_SANDBOX_REGION_SUDAN,
  PD_SANDBOX_REGION_WORLD,
} PdSandboxRegion;

/* A generated person: @name as they write it (any script), @email always
 * ASCII, @region where the name comes from (a provider's customers are mostly,
 * not only, from its own country). */
typedef struct
{
  char            *name;
  char            *email;
  PdSandboxRegion  region;
} PdSandboxPerson;

void  pd_sandbox_person_init       (PdSandboxPerson *person,
                                    PdSandboxRandom *random,
                                    PdSandboxRegion  home);
void  pd_sandbox_person_clear      (PdSandboxPerson *person);

char *pd_sandbox_mobile_number     (PdSandboxRandom *random,
                                    PdSandboxRegion  region,
                                    const char     **network);
char *pd_sandbox_description       (PdSandboxRandom *random,
                                    PdSandboxRegion  region);
char *pd_sandbox_address           (PdSandboxRandom *random,
                                    PdSandboxRegion  region);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdSandboxPerson, pd_sandbox_person_clear)

G_END_DECLS
