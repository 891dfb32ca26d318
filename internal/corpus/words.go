package corpus

// The word lists the generator draws from. Every entry is a Finnish and
// Swedish pair, written for this package (nothing is copied from content/).
// Lists are slices, never maps, so that drawing from them is deterministic.

// pair is one text in both languages: [0] Finnish, [1] Swedish.
type pair [2]string

const (
	fi = 0
	sv = 1
)

var langCodes = [2]string{"fi", "sv"}

// municipality is a place with the forms the titles need.
type municipality struct {
	fi, inessive, genitive, sv string
	city                       bool // kaupunki/stad, else kunta/kommun
}

var municipalities = []municipality{
	{"Helsinki", "Helsingissä", "Helsingin", "Helsingfors", true},
	{"Espoo", "Espoossa", "Espoon", "Esbo", true},
	{"Vantaa", "Vantaalla", "Vantaan", "Vanda", true},
	{"Turku", "Turussa", "Turun", "Åbo", true},
	{"Tampere", "Tampereella", "Tampereen", "Tammerfors", true},
	{"Oulu", "Oulussa", "Oulun", "Uleåborg", true},
	{"Jyväskylä", "Jyväskylässä", "Jyväskylän", "Jyväskylä", true},
	{"Lahti", "Lahdessa", "Lahden", "Lahtis", true},
	{"Kuopio", "Kuopiossa", "Kuopion", "Kuopio", true},
	{"Pori", "Porissa", "Porin", "Björneborg", true},
	{"Vaasa", "Vaasassa", "Vaasan", "Vasa", true},
	{"Porvoo", "Porvoossa", "Porvoon", "Borgå", true},
	{"Kokkola", "Kokkolassa", "Kokkolan", "Karleby", true},
	{"Hämeenlinna", "Hämeenlinnassa", "Hämeenlinnan", "Tavastehus", true},
	{"Lappeenranta", "Lappeenrannassa", "Lappeenrannan", "Villmanstrand", true},
	{"Joensuu", "Joensuussa", "Joensuun", "Joensuu", true},
	{"Seinäjoki", "Seinäjoella", "Seinäjoen", "Seinäjoki", true},
	{"Rovaniemi", "Rovaniemellä", "Rovaniemen", "Rovaniemi", true},
	{"Mikkeli", "Mikkelissä", "Mikkelin", "S:t Michel", true},
	{"Kotka", "Kotkassa", "Kotkan", "Kotka", true},
	{"Salo", "Salossa", "Salon", "Salo", true},
	{"Raasepori", "Raaseporissa", "Raaseporin", "Raseborg", true},
	{"Loviisa", "Loviisassa", "Loviisan", "Lovisa", true},
	{"Pietarsaari", "Pietarsaaressa", "Pietarsaaren", "Jakobstad", true},
	{"Kristiinankaupunki", "Kristiinankaupungissa", "Kristiinankaupungin", "Kristinestad", true},
	{"Uusikaarlepyy", "Uudessakaarlepyyssä", "Uudenkaarlepyyn", "Nykarleby", true},
	{"Närpiö", "Närpiössä", "Närpiön", "Närpes", true},
	{"Mustasaari", "Mustasaaressa", "Mustasaaren", "Korsholm", false},
	{"Parainen", "Paraisilla", "Paraisten", "Pargas", true},
	{"Kemiönsaari", "Kemiönsaarella", "Kemiönsaaren", "Kimitoön", false},
	{"Inari", "Inarissa", "Inarin", "Enare", false},
	{"Ähtäri", "Ähtärissä", "Ähtärin", "Etseri", true},
	{"Äänekoski", "Äänekoskella", "Äänekosken", "Äänekoski", true},
	{"Ylöjärvi", "Ylöjärvellä", "Ylöjärven", "Ylöjärvi", true},
	{"Öja", "Öjassa", "Öjan", "Öja", false},
	{"Västanfjärd", "Västanfjärdissä", "Västanfjärdin", "Västanfjärd", false},
}

// units are the parts of a municipality's organisation that run experiments;
// "" is the municipality itself.
var units = []pair{
	{"", ""},
	{"kirjastopalvelut", "biblioteksservice"},
	{"sosiaali- ja terveyspalvelut", "social- och hälsovårdstjänster"},
	{"nuorisopalvelut", "ungdomstjänster"},
	{"ympäristöpalvelut", "miljötjänster"},
	{"kuntatekniikka", "kommunalteknik"},
	{"sivistystoimi", "bildningsväsendet"},
	{"elinvoimapalvelut", "näringslivstjänster"},
	{"tietohallinto", "dataförvaltningen"},
	{"vesihuoltolaitos", "vattenverket"},
}

// topics are what an experiment tries; titles add the municipality.
var topics = []pair{
	{"digituki kirjastossa", "digistöd på biblioteket"},
	{"kutsuohjattu koulukyyti", "anropsstyrd skolskjuts"},
	{"osallistuva budjetointi", "deltagande budgetering"},
	{"koneluettavat pöytäkirjat", "maskinläsbara protokoll"},
	{"kotihoidon etäkäynnit", "distansbesök inom hemvården"},
	{"ostolaskujen robotiikka", "robotik för inköpsfakturor"},
	{"kyläkaupan asiointipiste", "ärendepunkt i byabutiken"},
	{"paperiton valtuusto", "pappersfritt fullmäktige"},
	{"neuvontabotti opiskelijoille", "rådgivningsbot för studerande"},
	{"kierrätysbetoni pihoille", "returbetong för gårdar"},
	{"hulevesien viherkatot", "gröna tak för dagvatten"},
	{"ikäihmisten liikuntalähete", "motionsremiss för äldre"},
	{"yhteiskäyttöautot virkamatkoille", "bilpool för tjänsteresor"},
	{"nuorten kesätyöseteli", "sommarjobbssedel för unga"},
	{"avoin päiväkotipaikkahaku", "öppen ansökan om dagvårdsplats"},
	{"sähköinen ajanvaraus neuvolaan", "elektronisk tidsbokning till rådgivningen"},
	{"koulujen ruokahävikin seuranta", "uppföljning av matsvinnet i skolorna"},
	{"lähiruoka julkisiin keittiöihin", "närproducerad mat till offentliga kök"},
	{"kirjaston työkalulainaamo", "verktygsutlåning på biblioteket"},
	{"asukasraati kaavoituksessa", "invånarpanel i planläggningen"},
	{"älykäs katuvalaistus", "smart gatubelysning"},
	{"jätteiden kimppakuljetus", "samtransport av avfall"},
	{"monikielinen palveluneuvonta", "flerspråkig servicerådgivning"},
	{"luetut uutiset näkövammaisille", "upplästa nyheter för synskadade"},
	{"vapaaehtoisten kyytipalvelu", "frivillig skjutstjänst"},
	{"kiertävä kansalaisopisto", "ambulerande medborgarinstitut"},
	{"koululaisten liikennepuisto", "trafikpark för skolelever"},
	{"kunnan ilmastobudjetti", "kommunens klimatbudget"},
	{"työllisyyspalvelujen chat", "chatt för sysselsättningstjänsterna"},
	{"tilojen iltakäyttö", "lokaler i kvällsbruk"},
	{"saavutettava verkkolomake", "tillgänglig webbblankett"},
	{"hyvinvointikertomus avoimena datana", "välfärdsberättelsen som öppna data"},
	{"kielikahvila maahanmuuttajille", "språkcafé för invandrare"},
	{"biokaasua ruokajätteestä", "biogas av matavfall"},
	{"palvelupiste kirjastoautossa", "servicepunkt i bokbussen"},
	{"perhekeskuksen verkkovastaanotto", "familjecentrets nätmottagning"},
	{"talviuintipaikka asukkaille", "vinterbadplats för invånarna"},
	{"digikaveri ikäihmisille", "digikompis för äldre"},
	{"lumitöiden yhteistilaus", "gemensam beställning av snöröjning"},
	{"virkamiesvaihto yritykseen", "tjänstemannautbyte till företag"},
	{"avoimen lähdekoodin asianhallinta", "ärendehantering med öppen källkod"},
	{"pyöräbussi koulumatkoille", "cykelbuss till skolan"},
	{"vesijohtojen vuotovahti", "läckagevakt för vattenledningar"},
	{"äänestyspaikka kauppakeskuksessa", "vallokal i köpcentret"},
	{"öinen nuorisotyö", "nattligt ungdomsarbete"},
	{"wikipohjainen perehdytys", "wikibaserad introduktion"},
	{"ötökkähotellit koulujen pihoille", "insektshotell på skolgårdarna"},
	{"yhteinen asiakaspalautekanava", "gemensam kanal för kundrespons"},
}

// tag is a theme: its key (the file's slug) and its labels.
type tag struct {
	key   string
	label pair
	intro pair
}

// tags holds about 40 themes. Labels start with Å, Ä, Ö, V and W in one
// language or the other, which byte order sorts wrongly.
var tags = []tag{
	{"avoin-data", pair{"Avoin data", "Öppna data"}, pair{"avointa tietoa ja sen hyödyntämistä", "öppen information och hur den används"}},
	{"sahkoinen-asiointi", pair{"Sähköinen asiointi", "Elektronisk ärendehantering"}, pair{"asiointia verkossa", "ärenden som sköts på nätet"}},
	{"asukaslahtoiset-palvelut", pair{"Asukaslähtöiset palvelut", "Invånarorienterade tjänster"}, pair{"palveluja, jotka on suunniteltu asukkaiden kanssa", "tjänster som har planerats tillsammans med invånarna"}},
	{"koulutus", pair{"Koulutus", "Utbildning"}, pair{"kouluja, oppilaitoksia ja oppimista", "skolor, läroanstalter och lärande"}},
	{"sote", pair{"Sosiaali- ja terveyspalvelut", "Social- och hälsovård"}, pair{"hoitoketjuja, kotihoitoa ja palveluohjausta", "vårdkedjor, hemvård och servicehandledning"}},
	{"ikaantyneet", pair{"Ikääntyneet", "Äldre"}, pair{"ikäihmisten arkea ja palveluja", "de äldres vardag och service"}},
	{"paatoksenteko", pair{"Päätöksenteko", "Beslutsfattande"}, pair{"valtuustoja, lautakuntia ja päätösten valmistelua", "fullmäktige, nämnder och beredningen av beslut"}},
	{"kiertotalous", pair{"Kiertotalous", "Cirkulär ekonomi"}, pair{"materiaalien kiertoa ja uusiokäyttöä", "material som cirkulerar och återanvänds"}},
	{"rakentaminen", pair{"Rakentaminen", "Byggande"}, pair{"rakennuksia, katuja ja kaavoitusta", "byggnader, gator och planläggning"}},
	{"verkkopalvelut", pair{"Verkkopalvelut", "Webbtjänster"}, pair{"verkkosivuja ja sähköisiä palveluja", "webbplatser och elektroniska tjänster"}},
	{"osallisuus", pair{"Osallisuus", "Delaktighet"}, pair{"asukkaiden mahdollisuuksia vaikuttaa", "invånarnas möjligheter att påverka"}},
	{"kokeilukulttuuri", pair{"Kokeilukulttuuri", "Försökskultur"}, pair{"tapoja kokeilla ja oppia nopeasti", "sätt att pröva och lära sig snabbt"}},
	{"digitalisaatio", pair{"Digitalisaatio", "Digitalisering"}, pair{"digitaalisia työtapoja ja välineitä", "digitala arbetssätt och verktyg"}},
	{"liikenne", pair{"Liikenne", "Trafik"}, pair{"liikkumista, kyytejä ja joukkoliikennettä", "resor, skjutsar och kollektivtrafik"}},
	{"kierratys", pair{"Kierrätys", "Återvinning"}, pair{"jätteiden lajittelua ja kierrätystä", "sortering och återvinning av avfall"}},
	{"ymparisto", pair{"Ympäristö", "Miljö"}, pair{"luontoa, vesistöjä ja ympäristön tilaa", "naturen, vattendragen och miljöns tillstånd"}},
	{"vesihuolto", pair{"Vesihuolto", "Vattenförsörjning"}, pair{"vesijohtoja, viemäreitä ja hulevesiä", "vattenledningar, avlopp och dagvatten"}},
	{"hyvinvointi", pair{"Hyvinvointi", "Välfärd"}, pair{"terveyttä, jaksamista ja arjen hyvinvointia", "hälsa, ork och välbefinnande i vardagen"}},
	{"kuntien-rooli", pair{"Kuntien rooli", "Kommunernas roll"}, pair{"kunnan tehtäviä ja roolia muutoksessa", "kommunens uppgifter och roll i förändringen"}},
	{"palveluinnovaatiot", pair{"Palveluinnovaatiot", "Serviceinnovationer"}, pair{"uusia tapoja tuottaa palveluja", "nya sätt att producera tjänster"}},
	{"aanestaminen", pair{"Äänestäminen", "Röstning"}, pair{"vaaleja ja äänestämistä", "val och röstning"}},
	{"oljyntorjunta", pair{"Öljyntorjunta", "Oljebekämpning"}, pair{"öljyvahinkojen ehkäisyä ja torjuntaa", "att förebygga och bekämpa oljeskador"}},
	{"ahvenanmaa", pair{"Ahvenanmaa", "Åland"}, pair{"Ahvenanmaan kuntien kokeiluja", "försök i de åländska kommunerna"}},
	{"aluekehitys", pair{"Aluekehitys", "Regional utveckling"}, pair{"maakuntien ja seutujen kehittämistä", "utvecklingen av landskap och regioner"}},
	{"asuminen", pair{"Asuminen", "Boende"}, pair{"asumista ja asuinalueita", "boende och bostadsområden"}},
	{"elinkeinot", pair{"Elinkeinot", "Näringsliv"}, pair{"yrityksiä ja paikallista elinkeinoelämää", "företag och det lokala näringslivet"}},
	{"energia", pair{"Energia", "Energi"}, pair{"energiaa ja sen säästämistä", "energi och energibesparing"}},
	{"hankinnat", pair{"Julkiset hankinnat", "Offentliga upphandlingar"}, pair{"julkisia hankintoja ja niiden ehtoja", "offentliga upphandlingar och deras villkor"}},
	{"ilmasto", pair{"Ilmasto", "Klimat"}, pair{"päästöjen vähentämistä ja sopeutumista", "minskade utsläpp och klimatanpassning"}},
	{"kirjastot", pair{"Kirjastot", "Bibliotek"}, pair{"kirjastoja ja niiden palveluja", "bibliotek och deras tjänster"}},
	{"kulttuuri", pair{"Kulttuuri", "Kultur"}, pair{"taidetta, tapahtumia ja kulttuuripalveluja", "konst, evenemang och kulturtjänster"}},
	{"lapset-ja-perheet", pair{"Lapset ja perheet", "Barn och familjer"}, pair{"lapsiperheiden palveluja", "tjänster för barnfamiljer"}},
	{"liikunta", pair{"Liikunta", "Motion"}, pair{"liikuntaa ja liikuntapaikkoja", "motion och idrottsplatser"}},
	{"maahanmuutto", pair{"Maahanmuutto", "Invandring"}, pair{"kotoutumista ja monikielisiä palveluja", "integration och flerspråkig service"}},
	{"nuoret", pair{"Nuoret", "Unga"}, pair{"nuorten vapaa-aikaa ja vaikuttamista", "ungas fritid och påverkan"}},
	{"ruoka", pair{"Ruoka", "Mat"}, pair{"ruokapalveluja ja lähiruokaa", "kostservice och närproducerad mat"}},
	{"tekoaly", pair{"Tekoäly", "Artificiell intelligens"}, pair{"tekoälyä ja automaatiota", "artificiell intelligens och automation"}},
	{"tyollisyys", pair{"Työllisyys", "Sysselsättning"}, pair{"työllisyyttä ja työnhakua", "sysselsättning och arbetssökande"}},
	{"turvallisuus", pair{"Turvallisuus", "Säkerhet"}, pair{"arjen turvallisuutta", "säkerheten i vardagen"}},
	{"vapaaehtoistyo", pair{"Vapaaehtoistyö", "Frivilligarbete"}, pair{"vapaaehtoisten ja järjestöjen työtä", "frivilligas och föreningars arbete"}},
	{"wikit", pair{"Wikit ja yhteiskirjoittaminen", "Wikier och samskrivande"}, pair{"yhdessä kirjoitettuja ohjeita ja tietoa", "anvisningar och information som skrivs tillsammans"}},
	{"yrittajyys", pair{"Yrittäjyys", "Företagande"}, pair{"yrittäjiä ja yritysten perustamista", "företagare och nya företag"}},
	{"saavutettavuus", pair{"Saavutettavuus", "Tillgänglighet"}, pair{"palveluja, joita kaikki voivat käyttää", "tjänster som alla kan använda"}},
}

// campaign is a campaign week (or call) of the platform.
type campaign struct {
	slug       string
	title      pair
	theme      pair
	start, end string
	hashtag    string
}

var campaigns = []campaign{
	{"kokeileva-kunta-2016", pair{"Kokeileva kunta -kiertue 2016", "Turnén Försökande kommun 2016"}, pair{"Kokeilut kuntien arjessa", "Försök i kommunernas vardag"}, "2016-05-02", "2016-06-10", "#kokeilevakunta"},
	{"kokeiluviikko-2016-syksy", pair{"Kokeiluviikko syksyllä 2016", "Försöksveckan hösten 2016"}, pair{"Rohkeasti uutta", "Modigt nytt"}, "2016-10-03", "2016-10-09", "#kokeiluviikko"},
	{"digikuntakokeilu-2017", pair{"Digikuntakokeilun ensimmäinen haku", "Digikommunförsökets första ansökningsomgång"}, pair{"Digitaaliset palvelut", "Digitala tjänster"}, "2017-02-01", "2017-03-31", "#digikunta"},
	{"kokeiluviikko-2017-kevat", pair{"Kokeiluviikko keväällä 2017", "Försöksveckan våren 2017"}, pair{"Yhteistyö yli rajojen", "Samarbete över gränserna"}, "2017-04-24", "2017-04-30", "#kokeiluviikko"},
	{"kokeiluviikko-2017-syksy", pair{"Kokeiluviikko syksyllä 2017", "Försöksveckan hösten 2017"}, pair{"Toimintatapojen uudistaminen", "Att förnya arbetssätten"}, "2017-10-06", "2017-10-13", "#kokeiluviikko"},
	{"digikuntakokeilu-2018", pair{"Digikuntakokeilun toinen haku", "Digikommunförsökets andra ansökningsomgång"}, pair{"Kuntien roolit muutoksessa", "Kommunernas roller i förändringen"}, "2018-01-15", "2018-03-15", "#digikunta"},
	{"ilmastokokeilut-2018", pair{"Ilmastokokeilujen haku 2018", "Ansökan om klimatförsök 2018"}, pair{"Vähähiilinen arki", "En koldioxidsnål vardag"}, "2018-03-01", "2018-04-30", "#ilmastokokeilu"},
	{"kokeiluviikko-2018-kevat", pair{"Kokeiluviikko keväällä 2018", "Försöksveckan våren 2018"}, pair{"Asukkaat mukaan", "Invånarna med"}, "2018-05-14", "2018-05-20", "#kokeiluviikko"},
	{"kokeiluviikko-2018-syksy", pair{"Kokeiluviikko syksyllä 2018", "Försöksveckan hösten 2018"}, pair{"Työn uudet muodot", "Nya former av arbete"}, "2018-10-08", "2018-10-13", "#kokeiluviikko"},
	{"kokeiluviikko-2019-kevat", pair{"Kokeiluviikko keväällä 2019", "Försöksveckan våren 2019"}, pair{"Äänekkäämpi osallisuus", "Starkare delaktighet"}, "2019-05-13", "2019-05-19", "#kokeiluviikko"},
	{"kokeiluviikko-2019-syksy", pair{"Kokeiluviikko syksyllä 2019", "Försöksveckan hösten 2019"}, pair{"Wikit, verkostot ja avoimuus", "Wikier, nätverk och öppenhet"}, "2019-10-07", "2019-10-12", "#kokeiluviikko"},
	{"epaonnistumisen-paiva-2019", pair{"Epäonnistumisen päivä 2019", "Dagen för misslyckande 2019"}, pair{"Opit epäonnistumisista", "Lärdomar av misslyckanden"}, "2019-10-13", "2019-10-13", "#epäonnistumisenpäivä"},
}

var organisers = []pair{
	{"Valtiovarainministeriö", "Finansministeriet"},
	{"Valtioneuvoston kanslia", "Statsrådets kansli"},
	{"Suomen Kuntaliitto", "Finlands Kommunförbund"},
	{"Ympäristöministeriö", "Miljöministeriet"},
	{"Työ- ja elinkeinoministeriö", "Arbets- och näringsministeriet"},
	{"Sitra", "Sitra"},
}

// People: first names and surnames, Finnish and Finland-Swedish, some
// starting with Å, Ä, Ö, V and W so that sorting by surname is tested.
var firstNames = []string{"Maija", "Pekka", "Sanna", "Olli", "Tiina", "Jonas", "Britt", "Helmi", "Aino", "Eero",
	"Kaisa", "Juha", "Liisa", "Mikael", "Anna-Lena", "Johan", "Elina", "Ville", "Åsa", "Örjan",
	"Väinö", "William", "Sofia", "Henrik", "Päivi", "Tuomas", "Ebba", "Kristian", "Outi", "Märta"}

var surnames = []string{"Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen",
	"Koskinen", "Järvinen", "Lehtonen", "Öhman", "Åberg", "Wikström", "Westerlund", "Lindqvist", "Sjöberg",
	"Östman", "Äijälä", "Väisänen", "Wahlroos", "Nyström", "Björklund", "Ekholm", "Grönroos", "Sundström",
	"Karppinen", "Salonen", "Turunen", "Pöllänen", "Ylönen"}

var jobTitles = []pair{
	{"projektikoordinaattori", "projektkoordinator"},
	{"kehittämispäällikkö", "utvecklingschef"},
	{"erityisasiantuntija", "specialsakkunnig"},
	{"kokeiluvalmentaja", "försökscoach"},
	{"hankepäällikkö", "projektchef"},
	{"palvelumuotoilija", "servicedesigner"},
	{"suunnittelija", "planerare"},
	{"viestintäasiantuntija", "kommunikationsexpert"},
}

var contactOrgs = []pair{
	{"valtiovarainministeriö", "finansministeriet"},
	{"Suomen Kuntaliitto", "Finlands Kommunförbund"},
	{"valtioneuvoston kanslia", "statsrådets kansli"},
	{"ympäristöministeriö", "miljöministeriet"},
	{"Åbo Akademi", "Åbo Akademi"},
	{"Väestörekisterikeskus", "Befolkningsregistercentralen"},
}

var jobDescriptions = []pair{
	{"Vastaa kokeiluviikkojen ilmoittautumisista ja neuvoo kokeilijoita.", "Ansvarar för anmälningarna till försöksveckorna och ger råd åt dem som prövar."},
	{"Auttaa kuntia suunnittelemaan ja arvioimaan kokeiluja.", "Hjälper kommunerna att planera och utvärdera försök."},
	{"Kokoaa kokeiluista opittua ja jakaa sitä eteenpäin.", "Samlar lärdomarna från försöken och sprider dem vidare."},
	{"Toimii yhteyshenkilönä kuntien ja ministeriöiden välillä.", "Fungerar som kontaktperson mellan kommunerna och ministerierna."},
}

// Sentence parts. Finnish subjects are singular so that every verb phrase
// (third person singular, past tense) agrees with every subject.
var subjects = []pair{
	{"Kunta", "Kommunen"}, {"Kaupunki", "Staden"}, {"Kokeilutiimi", "Försöksteamet"},
	{"Hankkeen ohjausryhmä", "Projektets styrgrupp"}, {"Kirjasto", "Biblioteket"},
	{"Sosiaalitoimi", "Socialväsendet"}, {"Kyläyhdistys", "Byaföreningen"},
	{"Nuorisovaltuusto", "Ungdomsfullmäktige"}, {"Työryhmä", "Arbetsgruppen"},
	{"Palveluohjaaja", "Servicehandledaren"}, {"Asukasraati", "Invånarpanelen"},
	{"Tekninen toimi", "Tekniska sektorn"}, {"Ympäristötoimi", "Miljöväsendet"},
	{"Paikallinen yritys", "Ett lokalt företag"}, {"Koulun henkilökunta", "Skolans personal"},
	{"Järjestö", "Föreningen"}, {"Kehittämispäällikkö", "Utvecklingschefen"},
	{"Vapaaehtoisten verkosto", "Nätverket av frivilliga"}, {"Seurakunta", "Församlingen"},
	{"Maakuntaliitto", "Landskapsförbundet"}, {"Äänestysalueen vaalitoimikunta", "Valnämnden"},
	{"Öljyntorjuntaryhmä", "Oljebekämpningsgruppen"},
}

var verbPhrases = []pair{
	{"kokeili uutta toimintatapaa", "prövade ett nytt arbetssätt"},
	{"keräsi palautetta käyttäjiltä", "samlade in respons från användarna"},
	{"mittasi käyntimääriä", "mätte antalet besök"},
	{"kehitti yhteistyötä yritysten kanssa", "utvecklade samarbetet med företagen"},
	{"selvitti asukkaiden tarpeita", "utredde invånarnas behov"},
	{"järjesti työpajoja", "ordnade workshoppar"},
	{"rakensi yksinkertaisen prototyypin", "byggde en enkel prototyp"},
	{"vertasi kustannuksia aiempiin vuosiin", "jämförde kostnaderna med tidigare år"},
	{"haastatteli kymmeniä asukkaita", "intervjuade tiotals invånare"},
	{"sopi vastuista uudelleen", "kom överens om ansvaret på nytt"},
	{"kokosi tulokset raportiksi", "sammanställde resultaten i en rapport"},
	{"testasi palvelua pienellä ryhmällä", "testade tjänsten med en liten grupp"},
	{"muutti hankinnan ehtoja", "ändrade villkoren för upphandlingen"},
	{"koulutti henkilöstöä", "utbildade personalen"},
	{"avasi aineiston kaikkien käyttöön", "öppnade materialet för alla"},
	{"toi päätöksenteon lähemmäs asukkaita", "förde beslutsfattandet närmare invånarna"},
	{"lyhensi jonotusaikoja", "förkortade kötiderna"},
	{"kevensi lomakkeita", "förenklade blanketterna"},
	{"yhdisti kaksi erillistä palvelua", "förenade två separata tjänster"},
	{"tarjosi neuvontaa kirjastossa", "erbjöd rådgivning på biblioteket"},
	{"seurasi säästöjä kuukausittain", "följde upp besparingarna varje månad"},
	{"hyödynsi avointa dataa", "använde öppna data"},
	{"jakoi kokemuksia muille kunnille", "delade erfarenheterna med andra kommuner"},
	{"päätti jatkaa kokeilua", "beslöt att fortsätta försöket"},
	{"kuunteli käyttäjiä tarkasti", "lyssnade noga på användarna"},
	{"pilkkoi ongelman pienempiin osiin", "delade upp problemet i mindre delar"},
}

var adverbials = []pair{
	{"kolmen kuukauden ajan", "under tre månader"}, {"syksyn aikana", "under hösten"},
	{"yhdessä järjestöjen kanssa", "tillsammans med föreningarna"}, {"ennen päätöksentekoa", "före beslutsfattandet"},
	{"pienellä budjetilla", "med en liten budget"}, {"täysin uudella tavalla", "på ett helt nytt sätt"},
	{"kokeiluviikon aikana", "under försöksveckan"}, {"ensimmäistä kertaa", "för första gången"},
	{"kahdessa kylässä", "i två byar"}, {"verkossa ja kasvokkain", "på nätet och ansikte mot ansikte"},
	{"ilman lisähenkilöstöä", "utan extra personal"}, {"keväällä", "på våren"},
	{"heti alusta alkaen", "redan från början"}, {"lähes kaikissa kouluissa", "i nästan alla skolor"},
	{"osana digikuntakokeilua", "som en del av digikommunförsöket"}, {"säännöllisesti", "regelbundet"},
	{"yllättävän nopeasti", "förvånansvärt snabbt"}, {"käyttäjien ehdoilla", "på användarnas villkor"},
	{"öisin ja viikonloppuisin", "nattetid och på veckosluten"}, {"hyvissä ajoin", "i god tid"},
	{"Västanfjärdin mallin mukaan", "enligt Västanfjärdsmodellen"},
}

var purposes = []pair{
	{"palvelu löytäisi käyttäjänsä", "tjänsten skulle hitta sina användare"},
	{"asukkaiden ääni kuuluisi päätöksissä", "invånarnas röst skulle höras i besluten"},
	{"kustannukset pysyisivät kurissa", "kostnaderna skulle hållas i styr"},
	{"työ sujuisi joustavammin", "arbetet skulle löpa smidigare"},
	{"tieto kulkisi paremmin", "informationen skulle gå fram bättre"},
	{"kukaan ei jäisi ulkopuolelle", "ingen skulle lämnas utanför"},
	{"päätöksille saataisiin parempi pohja", "besluten skulle få ett bättre underlag"},
	{"ympäristön kuormitus pienenisi", "miljöbelastningen skulle minska"},
}

var reasons = []pair{
	{"vanha malli oli liian raskas", "den gamla modellen var för tung"},
	{"asukkaat toivoivat muutosta", "invånarna önskade en förändring"},
	{"budjetti oli tiukka", "budgeten var stram"},
	{"tieto oli hajallaan", "informationen var splittrad"},
	{"jonot olivat kasvaneet", "köerna hade vuxit"},
	{"aiempi kokeilu oli epäonnistunut", "ett tidigare försök hade misslyckats"},
	{"väki vähenee ja ikääntyy", "befolkningen minskar och åldras"},
}

// observations are whole sentences; %d is a number.
var observations = []pair{
	{"Tulokset olivat rohkaisevia.", "Resultaten var uppmuntrande."},
	{"Kaikki ei mennyt suunnitelmien mukaan.", "Allt gick inte enligt planerna."},
	{"Käyttäjät antoivat palvelulle keskimäärin arvosanan %d/5.", "Användarna gav tjänsten i genomsnitt betyget %d/5."},
	{"Mukana oli yhteensä %d osallistujaa.", "Sammanlagt %d personer deltog."},
	{"Kokeilu osoitti, että pienikin muutos voi näkyä arjessa.", "Försöket visade att även en liten förändring kan märkas i vardagen."},
	{"Palautetta tuli yli %d kappaletta.", "Över %d svar kom in."},
	{"Työhön käytettiin noin %d tuntia.", "Arbetet tog omkring %d timmar."},
	{"Yhteistyö sujui paremmin kuin odotettiin.", "Samarbetet gick bättre än väntat."},
	{"Äänekkäimmät arvostelijat muuttuivat lopulta puolestapuhujiksi.", "De högljuddaste kritikerna blev till slut förespråkare."},
}

var headings = []pair{
	{"Mistä oli kyse", "Vad det gällde"}, {"Lähtötilanne", "Utgångsläget"},
	{"Miten kokeilu eteni", "Hur försöket framskred"}, {"Tulokset", "Resultat"},
	{"Mitä opimme", "Vad vi lärde oss"}, {"Mitä seuraavaksi", "Vad händer härnäst"},
	{"Yhteistyökumppanit", "Samarbetspartner"}, {"Kustannukset ja säästöt", "Kostnader och besparingar"},
	{"Palaute käyttäjiltä", "Respons från användarna"}, {"Haasteet", "Utmaningar"},
	{"Taustaa", "Bakgrund"}, {"Ääni asukkaille", "Röst åt invånarna"},
}

var bulletItems = []pair{
	{"palautekysely käyttäjille", "enkät för användarna"},
	{"viikoittainen tilannekatsaus", "veckovis lägesöversikt"},
	{"avoin aineisto verkossa", "öppet material på nätet"},
	{"yhteinen työtila kunnan ja yritysten kesken", "gemensam arbetsplats för kommunen och företagen"},
	{"kevyempi hankintamalli", "lättare upphandlingsmodell"},
	{"selkokielinen ohje", "anvisning på lättläst svenska"},
	{"mobiilisovelluksen prototyyppi", "prototyp av en mobilapp"},
	{"neuvontapiste kirjastossa", "rådgivningspunkt på biblioteket"},
	{"säästöjen seuranta", "uppföljning av besparingarna"},
	{"työpaja nuorille", "workshop för unga"},
	{"palvelu myös ruotsiksi", "service också på finska"},
	{"äänestys asukkaille", "omröstning för invånarna"},
	{"yöpäivystys", "nattjour"},
	{"ötökkähotelli koulun pihalle", "insektshotell på skolgården"},
}

// measure is a row of the results table: scale 0 counts, 1 a rating
// from 1 to 5, 2 a percentage.
type measure struct {
	label pair
	scale int
}

var measures = []measure{
	{pair{"Asiakaskäynnit viikossa", "Kundbesök per vecka"}, 0},
	{pair{"Käsittelyaika (päivää)", "Handläggningstid (dagar)"}, 0},
	{pair{"Kustannus kuukaudessa (€)", "Kostnad per månad (€)"}, 0},
	{pair{"Tyytyväisyys (1–5)", "Nöjdhet (1–5)"}, 1},
	{pair{"Osallistujia", "Deltagare"}, 0},
	{pair{"Jätettä (tonnia)", "Avfall (ton)"}, 0},
	{pair{"Sähköiset asioinnit (%)", "Elektroniska ärenden (%)"}, 2},
	{pair{"Öiset hälytykset", "Larm nattetid"}, 0},
}

var tableHeader = pair{"| Mittari | Ennen kokeilua | Kokeilun jälkeen |\n|---|---:|---:|\n",
	"| Mätare | Före försöket | Efter försöket |\n|---|---:|---:|\n"}

// linkSentences wrap a link to another experiment: %s is the link.
var linkSentences = []pair{
	{"Samaa mallia on kokeiltu myös kokeilussa %s.", "Samma modell har också prövats i försöket %s."},
	{"Lue myös, miten %s ratkaisi saman ongelman.", "Läs också hur %s löste samma problem."},
	{"Vertailukohtana käytettiin kokeilua %s.", "Som jämförelse användes försöket %s."},
	{"Kokemuksia vaihdettiin kokeilun %s kanssa.", "Erfarenheter utbyttes med försöket %s."},
}

var tagSentence = pair{"Lisää aiheesta: %s.", "Mer om ämnet: %s."}

var lessons = []pair{
	{"käyttäjät kannattaa ottaa mukaan heti alussa", "användarna ska tas med redan från början"},
	{"liian monta tavoitetta yhtä aikaa hajottaa kokeilun", "för många mål på en gång splittrar försöket"},
	{"tekniikka ei ratkaise mitään, jos toimintatapa ei muutu", "tekniken löser ingenting om arbetssättet inte ändras"},
	{"aikataulu oli liian tiukka", "tidtabellen var för stram"},
	{"viestintä asukkaille jäi liian vähäiseksi", "informationen till invånarna blev för knapp"},
	{"hankinta kannattaa pilkkoa pienempiin osiin", "det lönar sig att dela upp upphandlingen i mindre delar"},
}
