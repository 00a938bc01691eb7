/* pd-sandbox-names.c - people, phone numbers and texts for seeded data
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-names.h"

#include <string.h>

/* A name part as written, and how it is spelt in an email address; a NULL
 * spelling means the written form is already plain ASCII. */
typedef struct
{
  const char *text;
  const char *ascii;
} Part;

static const Part ghana_given[] = {
  { "Kwame" }, { "Kofi" }, { "Kwabena" }, { "Kwaku" }, { "Yaw" }, { "Kwasi" },
  { "Kojo" }, { "Ama" }, { "Akosua" }, { "Abena" }, { "Akua" }, { "Yaa" },
  { "Afua" }, { "Adwoa" }, { "Esi" }, { "Efua" }, { "Nana" }, { "Selasi" },
  { "Dzifa" }, { "Edem" }, { "Elikem" }, { "Nii" }, { "Naa" }, { "Ekow" },
  { "Araba" }, { "Fiifi" }, { "Abdul-Rahman" }, { "Mawuli" }, { "Delali" },
  { "Ewurabena" }, { "Sena" }, { "Kekeli" },
};

static const Part ghana_family[] = {
  { "Mensah" }, { "Owusu" }, { "Boateng" }, { "Asante" }, { "Osei" }, { "Darko" },
  { "Quaye" }, { "Addo" }, { "Agyeman" }, { "Appiah" }, { "Acheampong" },
  { "Ofori" }, { "Amoah" }, { "Tetteh" }, { "Lartey" }, { "Annan" },
  { "Gyamfi" }, { "Ansah" }, { "Adjei" }, { "Bonsu" }, { "Sarpong" },
  { "Asamoah" }, { "Ampofo" }, { "Opoku" }, { "Frimpong" }, { "Agbodeka" },
  { "Dzokoto" }, { "Tamakloe" }, { "Nyarko" }, { "Ocran" },
};

static const Part uganda_given[] = {
  { "Moses" }, { "Sarah" }, { "Joseph" }, { "Grace" }, { "Brian" }, { "Esther" },
  { "Ivan" }, { "Patience" }, { "Ronald" }, { "Brenda" }, { "Isaac" },
  { "Prossy" }, { "Allan" }, { "Joan" }, { "Denis" }, { "Mercy" },
  { "Emmanuel" }, { "Winnie" }, { "Godfrey" }, { "Doreen" },
};

static const Part uganda_family[] = {
  { "Mugisha" }, { "Nakato" }, { "Okello" }, { "Atim" }, { "Ssempa" },
  { "Namutebi" }, { "Kato" }, { "Babirye" }, { "Tumusiime" }, { "Akello" },
  { "Byaruhanga" }, { "Nabukenya" }, { "Kizza" }, { "Mukasa" },
  { "Nansubuga" }, { "Opio" }, { "Kyomuhendo" }, { "Wasswa" }, { "Musoke" },
  { "Ssewankambo" },
};

static const Part australia_given[] = {
  { "Jack" }, { "Olivia" }, { "William" }, { "Charlotte" }, { "Noah" },
  { "Amelia" }, { "Lachlan" }, { "Isla" }, { "Oliver" }, { "Mia" },
  { "Thomas" }, { "Chloe" }, { "Cooper" }, { "Matilda" }, { "Harrison" },
  { "Ruby" }, { "Liam" }, { "Grace" }, { "Hamish" }, { "Zoe" }, { "Mitchell" },
  { "Siobhan" }, { "Aroha" }, { "Priya" }, { "Wei" }, { "Jarrah" },
  { "Kirra" }, { "Renée", "renee" },
};

static const Part australia_family[] = {
  { "Smith" }, { "Jones" }, { "Williams" }, { "Brown" }, { "Wilson" },
  { "Taylor" }, { "Johnson" }, { "White" }, { "Martin" }, { "Anderson" },
  { "Thompson" }, { "Nguyen" }, { "Walker" }, { "Harris" }, { "Lee" },
  { "Ryan" }, { "Robinson" }, { "Kelly" }, { "King" }, { "O'Connor", "oconnor" },
  { "McGregor" }, { "Papadopoulos" }, { "Kowalski" }, { "Tran" }, { "Singh" },
  { "Rossi" }, { "Chen" }, { "D'Souza", "dsouza" },
};

static const Part kenya_given[] = {
  { "Wanjiru" }, { "Kamau" }, { "Achieng" }, { "Otieno" }, { "Njeri" },
  { "Mwangi" }, { "Wambui" }, { "Kipchoge" }, { "Chebet" }, { "Mutua" },
  { "Nyokabi" }, { "Omondi" }, { "Akinyi" }, { "Kiprono" }, { "Wafula" },
  { "Atieno" }, { "Njoroge" }, { "Muthoni" }, { "Barasa" }, { "Jepkosgei" },
};

static const Part kenya_family[] = {
  { "Kamau" }, { "Otieno" }, { "Mwangi" }, { "Kariuki" }, { "Odhiambo" },
  { "Njoroge" }, { "Kiplagat" }, { "Wekesa" }, { "Mutiso" }, { "Ochieng" },
  { "Chege" }, { "Cheruiyot" }, { "Wanyama" }, { "Maina" }, { "Onyango" },
  { "Kimani" }, { "Kirui" }, { "Gitau" }, { "Koech" }, { "Wairimu" },
};

static const Part sudan_given[] = {
  { "Mohamed" }, { "Ahmed" }, { "Fatima" }, { "Osman" }, { "Amna" }, { "Omer" },
  { "Hiba" }, { "Khalid" }, { "Mariam" }, { "Abdelrahman" }, { "Sara" },
  { "Tariq" }, { "Nafisa" }, { "Hamza" }, { "Rayan" },
};

static const Part sudan_family[] = {
  { "Osman" }, { "Elhassan" }, { "Abdalla" }, { "Ibrahim" }, { "Mustafa" },
  { "Elamin" }, { "Babiker" }, { "Eltayeb" }, { "Suleiman" }, { "Hamid" },
  { "Mahgoub" }, { "Elsheikh" }, { "Nour" }, { "Yousif" }, { "Abdelrahim" },
};

static const Part sudan_given_arabic[] = {
  { "محمد", "mohamed" }, { "أحمد", "ahmed" }, { "فاطمة", "fatima" },
  { "عثمان", "osman" }, { "آمنة", "amna" }, { "عمر", "omer" },
  { "هبة", "hiba" }, { "خالد", "khalid" }, { "مريم", "mariam" },
  { "سارة", "sara" }, { "طارق", "tariq" }, { "نفيسة", "nafisa" },
};

static const Part sudan_family_arabic[] = {
  { "الحسن", "elhassan" }, { "عبدالله", "abdalla" }, { "إبراهيم", "ibrahim" },
  { "مصطفى", "mustafa" }, { "الأمين", "elamin" }, { "بابكر", "babiker" },
  { "الطيب", "eltayeb" }, { "سليمان", "suleiman" }, { "حامد", "hamid" },
  { "محجوب", "mahgoub" },
};

/* Whole names, for people from anywhere: the scripts and diacritics a
 * client must carry through untouched. */
static const Part world_names[] = {
  { "Zoë Müller", "zoe.mueller" },
  { "Ivan Šimić", "ivan.simic" },
  { "Nguyễn Thị Lan", "lan.nguyen" },
  { "José Álvarez", "jose.alvarez" },
  { "Søren Østergaard", "soren.ostergaard" },
  { "Siobhán O'Sullivan", "siobhan.osullivan" },
  { "Łukasz Wójcik", "lukasz.wojcik" },
  { "Chloé Lefèvre", "chloe.lefevre" },
  { "Björn Ågren", "bjorn.agren" },
  { "İlkay Yıldız", "ilkay.yildiz" },
  { "王芳", "wang.fang" },
  { "Γιώργος Παπαδόπουλος", "giorgos.papadopoulos" },
  { "Aoife Ní Bhriain", "aoife.nibhriain" },
  { "Dương Văn Minh", "minh.duong" },
  { "Ana-María Núñez", "anamaria.nunez" },
  { "Jürgen Groß", "juergen.gross" },
};

static const char * const email_domains[] = {
  "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com",
  "proton.me", "mail.com",
};

static const char * const ghana_domains[] = { "yahoo.com", "gmail.com", "ug.edu.gh", "mtn.com.gh" };
static const char * const uganda_domains[] = { "gmail.com", "yahoo.co.uk", "mak.ac.ug" };
static const char * const australia_domains[] = { "bigpond.com", "gmail.com", "optusnet.com.au", "outlook.com.au" };
static const char * const kenya_domains[] = { "gmail.com", "yahoo.com", "uonbi.ac.ke", "safaricom.co.ke" };
static const char * const sudan_domains[] = { "gmail.com", "hotmail.com", "uofk.edu" };

#define PICK_PART(random, array) (&(array)[pd_sandbox_random_below ((random), G_N_ELEMENTS (array))])

static void
append_ascii (GString    *out,
              const Part *part)
{
  const char *text = part->ascii ? part->ascii : part->text;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.')
        g_string_append_c (out, g_ascii_tolower (*p));
    }
}

static void
append_email_tail (GString         *email,
                   PdSandboxRandom *random,
                   PdSandboxRegion  region)
{
  const char *domain;

  if (pd_sandbox_random_percent (random, 40))
    g_string_append_printf (email, "%u", pd_sandbox_random_below (random, 100));

  switch (region)
    {
    case PD_SANDBOX_REGION_GHANA:
      domain = PD_SANDBOX_RANDOM_PICK (random, ghana_domains);
      break;
    case PD_SANDBOX_REGION_UGANDA:
      domain = PD_SANDBOX_RANDOM_PICK (random, uganda_domains);
      break;
    case PD_SANDBOX_REGION_AUSTRALIA:
      domain = PD_SANDBOX_RANDOM_PICK (random, australia_domains);
      break;
    case PD_SANDBOX_REGION_KENYA:
      domain = PD_SANDBOX_RANDOM_PICK (random, kenya_domains);
      break;
    case PD_SANDBOX_REGION_SUDAN:
      domain = PD_SANDBOX_RANDOM_PICK (random, sudan_domains);
      break;
    case PD_SANDBOX_REGION_WORLD:
    default:
      domain = PD_SANDBOX_RANDOM_PICK (random, email_domains);
      break;
    }

  g_string_append_c (email, '@');
  g_string_append (email, domain);
}

void
pd_sandbox_person_init (PdSandboxPerson *person,
                        PdSandboxRandom *random,
                        PdSandboxRegion  home)
{
  g_autoptr(GString) email = g_string_sized_new (48);
  const Part *given = NULL;
  const Part *family = NULL;
  PdSandboxRegion region = home;
  guint roll = pd_sandbox_random_below (random, 100);

  /* Four in five customers are from the provider's own country; the rest
   * come from the other regions or from anywhere. */
  if (roll >= 80)
    region = roll >= 92 ? PD_SANDBOX_REGION_WORLD
                        : (PdSandboxRegion)pd_sandbox_random_below (random, PD_SANDBOX_REGION_WORLD);

  person->region = region;

  switch (region)
    {
    case PD_SANDBOX_REGION_GHANA:
      given = PICK_PART (random, ghana_given);
      family = PICK_PART (random, ghana_family);
      break;
    case PD_SANDBOX_REGION_UGANDA:
      given = PICK_PART (random, uganda_given);
      family = PICK_PART (random, uganda_family);
      break;
    case PD_SANDBOX_REGION_AUSTRALIA:
      given = PICK_PART (random, australia_given);
      family = PICK_PART (random, australia_family);
      break;
    case PD_SANDBOX_REGION_KENYA:
      given = PICK_PART (random, kenya_given);
      family = PICK_PART (random, kenya_family);
      break;
    case PD_SANDBOX_REGION_SUDAN:
      if (pd_sandbox_random_percent (random, 40))
        {
          given = PICK_PART (random, sudan_given_arabic);
          family = PICK_PART (random, sudan_family_arabic);
        }
      else
        {
          given = PICK_PART (random, sudan_given);
          family = PICK_PART (random, sudan_family);
        }
      break;
    case PD_SANDBOX_REGION_WORLD:
    default:
      break;
    }

  if (given != NULL)
    {
      person->name = g_strconcat (given->text, " ", family->text, NULL);
      append_ascii (email, given);
      g_string_append_c (email, pd_sandbox_random_percent (random, 50) ? '.' : '_');
      append_ascii (email, family);
    }
  else
    {
      const Part *whole = PICK_PART (random, world_names);

      person->name = g_strdup (whole->text);
      append_ascii (email, whole);
    }

  append_email_tail (email, random, region);
  person->email = g_string_free (g_steal_pointer (&email), FALSE);
}

void
pd_sandbox_person_clear (PdSandboxPerson *person)
{
  g_clear_pointer (&person->name, g_free);
  g_clear_pointer (&person->email, g_free);
}

typedef struct
{
  const char *prefix;
  const char *network;
} Network;

static const Network ghana_networks[] = {
  { "24", "MTN" }, { "54", "MTN" }, { "55", "MTN" }, { "59", "MTN" },
  { "20", "Telecel" }, { "50", "Telecel" },
  { "26", "AirtelTigo" }, { "27", "AirtelTigo" }, { "56", "AirtelTigo" }, { "57", "AirtelTigo" },
};

static const Network uganda_networks[] = {
  { "77", "MTN" }, { "78", "MTN" }, { "76", "MTN" },
  { "70", "Airtel" }, { "75", "Airtel" }, { "74", "Airtel" },
};

static const Network australia_networks[] = {
  { "400", "Telstra" }, { "412", "Optus" }, { "413", "Vodafone" }, { "421", "Optus" },
  { "438", "Telstra" }, { "447", "Vodafone" }, { "477", "Telstra" },
};

static const Network kenya_networks[] = {
  { "70", "Safaricom" }, { "71", "Safaricom" }, { "72", "Safaricom" }, { "79", "Safaricom" },
  { "73", "Airtel" }, { "78", "Airtel" }, { "77", "Telkom" },
};

static const Network sudan_networks[] = {
  { "91", "Zain" }, { "96", "Zain" }, { "92", "MTN" }, { "99", "MTN" },
  { "12", "Sudani" }, { "11", "Sudani" },
};

/* An E.164 mobile number of @region (a person from elsewhere still gets a
 * local number: it is the provider's network that holds the wallet). */
char *
pd_sandbox_mobile_number (PdSandboxRandom  *random,
                          PdSandboxRegion   region,
                          const char      **network)
{
  GString *number = g_string_sized_new (16);
  const Network *choice;
  gsize digits;

  switch (region)
    {
    case PD_SANDBOX_REGION_UGANDA:
      g_string_append (number, "+256");
      choice = &uganda_networks[pd_sandbox_random_below (random, G_N_ELEMENTS (uganda_networks))];
      digits = 7;
      break;
    case PD_SANDBOX_REGION_AUSTRALIA:
      g_string_append (number, "+61");
      choice = &australia_networks[pd_sandbox_random_below (random, G_N_ELEMENTS (australia_networks))];
      digits = 6;
      break;
    case PD_SANDBOX_REGION_KENYA:
      g_string_append (number, "+254");
      choice = &kenya_networks[pd_sandbox_random_below (random, G_N_ELEMENTS (kenya_networks))];
      digits = 7;
      break;
    case PD_SANDBOX_REGION_SUDAN:
      g_string_append (number, "+249");
      choice = &sudan_networks[pd_sandbox_random_below (random, G_N_ELEMENTS (sudan_networks))];
      digits = 7;
      break;
    case PD_SANDBOX_REGION_GHANA:
    case PD_SANDBOX_REGION_WORLD:
    default:
      g_string_append (number, "+233");
      choice = &ghana_networks[pd_sandbox_random_below (random, G_N_ELEMENTS (ghana_networks))];
      digits = 7;
      break;
    }

  g_string_append (number, choice->prefix);
  pd_sandbox_random_digits (random, number, digits);

  if (network != NULL)
    *network = choice->network;

  return g_string_free (number, FALSE);
}

/* '@' becomes a number; the rest is kept, commas, quotes and all, because
 * a CSV export and a search box both have to survive them. */
static const char * const ghana_descriptions[] = {
  "Order #@, 2 × kente stole",
  "School fees, Term 2 — \"Form @\"",
  "Waakye & kelewele, Osu",
  "Rent for \"Adenta\" flat, June",
  "Invoice @: 3 bags of cement, Kumasi",
  "Airtime top-up, MTN",
  "Dress from Makola, \"Ankara\" print",
  "Ride Accra → Tema, trip @",
  "Shea butter (500 g), order @",
  "Funeral contribution, Ho",
};

static const char * const uganda_descriptions[] = {
  "Boda boda fare, Kampala → Entebbe",
  "Matooke, 2 bunches, order @",
  "School fees, \"St. Mary's\" Kisubi",
  "Invoice @, solar panel installation",
};

static const char * const australia_descriptions[] = {
  "Flat white ×2, \"The Grounds\", Alexandria",
  "Invoice @: surfboard wax, fins, leash",
  "Plumbing call-out, Fitzroy, job @",
  "Membership renewal — \"Gold\" tier",
  "Order @, Akubra hat (size 57)",
  "Tennis lessons, Term 3, court @",
};

static const char * const kenya_descriptions[] = {
  "Token purchase, meter @",
  "Chai & mandazi, \"Java\" Westlands",
  "Matatu fare, Nairobi → Nakuru",
  "Invoice @, maize seed, 10 kg",
};

static const char * const sudan_descriptions[] = {
  "Electricity, meter @, Khartoum",
  "طلب رقم @، توصيل إلى أم درمان",
  "Top-up, \"Zain\" bundle @",
  "Pharmacy order @, Bahri",
};

static const char * const world_descriptions[] = {
  "Conference ticket, \"FinTech Africa\", seat @",
  "Consulting, 3 h @ rate, Zoë's project",
  "Order @: café crème, croissant",
  "Bücher & Zeitschriften, Bestellung @",
};

char *
pd_sandbox_description (PdSandboxRandom *random,
                        PdSandboxRegion  region)
{
  const char *template;
  GString *text;

  switch (region)
    {
    case PD_SANDBOX_REGION_UGANDA:
      template = PD_SANDBOX_RANDOM_PICK (random, uganda_descriptions);
      break;
    case PD_SANDBOX_REGION_AUSTRALIA:
      template = PD_SANDBOX_RANDOM_PICK (random, australia_descriptions);
      break;
    case PD_SANDBOX_REGION_KENYA:
      template = PD_SANDBOX_RANDOM_PICK (random, kenya_descriptions);
      break;
    case PD_SANDBOX_REGION_SUDAN:
      template = PD_SANDBOX_RANDOM_PICK (random, sudan_descriptions);
      break;
    case PD_SANDBOX_REGION_WORLD:
      template = PD_SANDBOX_RANDOM_PICK (random, world_descriptions);
      break;
    case PD_SANDBOX_REGION_GHANA:
    default:
      template = PD_SANDBOX_RANDOM_PICK (random, ghana_descriptions);
      break;
    }

  text = g_string_sized_new (64);
  for (const char *p = template; *p; p++)
    {
      if (*p == '@')
        g_string_append_printf (text, "%u", 100 + pd_sandbox_random_below (random, 99900));
      else
        g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}

static const char * const ghana_streets[] = {
  "Oxford Street, Osu", "Ring Road Central", "Spintex Road", "Liberation Road",
  "Adum Road, Kumasi", "Harbour Road, Takoradi", "Lagos Avenue, East Legon",
};
static const char * const ghana_cities[] = { "Accra", "Kumasi", "Tamale", "Cape Coast", "Ho", "Takoradi" };

static const char * const australia_streets[] = {
  "Wattle Street", "Brunswick Street", "George Street", "Flinders Lane",
  "Smith Street", "Bay Road", "Coronation Drive", "Hay Street",
};
static const char * const australia_towns[] = {
  "Fitzroy VIC 3065", "Surry Hills NSW 2010", "Fremantle WA 6160",
  "Toowong QLD 4066", "Glenelg SA 5045", "Battery Point TAS 7004",
  "Braddon ACT 2612", "Parap NT 0820",
};

static const char * const uganda_streets[] = { "Kampala Road", "Jinja Road", "Bombo Road", "Acacia Avenue, Kololo" };
static const char * const kenya_towns[] = { "Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret" };
static const char * const sudan_districts[] = { "Riyadh, Khartoum", "Amarat, Khartoum", "Omdurman", "Bahri", "Port Sudan" };

char *
pd_sandbox_address (PdSandboxRandom *random,
                    PdSandboxRegion  region)
{
  guint number = 1 + pd_sandbox_random_below (random, 240);

  switch (region)
    {
    case PD_SANDBOX_REGION_AUSTRALIA:
      return g_strdup_printf ("%u %s\n%s", number,
                              PD_SANDBOX_RANDOM_PICK (random, australia_streets),
                              PD_SANDBOX_RANDOM_PICK (random, australia_towns));
    case PD_SANDBOX_REGION_UGANDA:
      return g_strdup_printf ("Plot %u, %s\nKampala", number,
                              PD_SANDBOX_RANDOM_PICK (random, uganda_streets));
    case PD_SANDBOX_REGION_KENYA:
      return g_strdup_printf ("P.O. Box %u-00100\n%s",
                              1000 + pd_sandbox_random_below (random, 90000),
                              PD_SANDBOX_RANDOM_PICK (random, kenya_towns));
    case PD_SANDBOX_REGION_SUDAN:
      return g_strdup_printf ("Block %u, House %u\n%s",
                              1 + pd_sandbox_random_below (random, 30), number,
                              PD_SANDBOX_RANDOM_PICK (random, sudan_districts));
    case PD_SANDBOX_REGION_GHANA:
    case PD_SANDBOX_REGION_WORLD:
    default:
      return g_strdup_printf ("House No. %u, %s\n%s (GA-%03u-%04u)", number,
                              PD_SANDBOX_RANDOM_PICK (random, ghana_streets),
                              PD_SANDBOX_RANDOM_PICK (random, ghana_cities),
                              pd_sandbox_random_below (random, 1000),
                              pd_sandbox_random_below (random, 10000));
    }
}
