package com.dispatchbot.activities.guardrails;

import static com.dispatchbot.activities.guardrails.Rules.original;
import static com.dispatchbot.activities.guardrails.Rules.squashed;
import static com.dispatchbot.activities.guardrails.Rules.words;

import java.util.List;

/**
 * Finds attempts to turn the front desk against its instructions: overrides ("ignore all previous
 * instructions"), role-play jailbreaks (DAN, developer mode), system-prompt extraction, requests
 * for keys, credentials or environment variables, requests for other businesses' customers and
 * data, fake role or system delimiters, SQL and shell strings, and instructions hidden in base64 or
 * hex. English, Spanish, French and German, after {@link TextNormalizer} has undone look-alike
 * letters, invisible characters and leetspeak.
 *
 * <p>The rules want a verb and its object together ("reveal" + "system prompt", "ignore" +
 * "previous instructions"), so a caller's own words stay allowed: "ignore the noise", "forget it,
 * book Tuesday instead", "can you act as my landlord's contact", "my previous instructions about
 * the gate". Findings: {@code injection:ignore-instructions}, {@code injection:jailbreak}, {@code
 * injection:prompt-extraction}, {@code injection:secret-extraction}, {@code
 * injection:cross-tenant}, {@code injection:delimiter}, {@code injection:sql}, {@code
 * injection:command}, {@code injection:encoded-instructions}, and {@code injection:encoded-payload}
 * next to what a decoded payload held. Thread-safe.
 *
 * <p>Measured (GuardrailCorpusTest): every attack of the tuned corpus, none of 2,051 real
 * utterances, and on attacks written after tuning (held out) about 4 in 10. Text rules know the
 * shapes of known attacks; the output guard is the second line.
 */
public final class InjectionDetector {

  // Shared vocabulary (normalized text: lower case, ASCII, single spaces).
  private static final String OVERRIDE_VERB =
      "(?:ignore|ignoring|ignored|disregard|disregarding|forget|forgetting|override|overwrite"
          + "|bypass|circumvent|discard|abandon|neglect|set aside|throw out|scrap|evade|violate"
          + "|don'?t follow|do not follow|stop following|no longer follow|stop obeying)";
  private static final String RULE_QUALIFIER =
      "(?:all|any|every|each|of|the|your|ur|yr|these|those|that|this|previous|previously|prior"
          + "|above|earlier|preceding|former|foregoing|original|initial|old|existing|current"
          + "|default|system|developer|hidden|given|preset|safety|security|content|openai"
          + "|built-in|builtin|internal|programmed|standing|other)";
  private static final String RULE_NOUN =
      "(?:instructions?|instructons|instrucitons|rules|prompts?|directives?|guidelines?"
          + "|guardrails?|programming|training|constraints|restrictions|polic(?:y|ies)|context"
          + "|system prompt|system message|limitations|(?:safety|content) filters|business facts"
          + "|facts (?:above|below|you were given)|knowledge[ -]base(?: excerpts)?|above (?:text"
          + "|context))";
  private static final String REVEAL_VERB =
      "(?:show|tell|give|reveal|print|display|output|repeat|recite|paste|copy|type out|write out"
          + "|write"
          + "|write down|spell out|share|leak|dump|expose|disclose|list|read back|read out|echo"
          + "|return|send|provide|summari[sz]e|translate|encode|put|what (?:is|are|was|were)"
          + "|what'?s|whats|what do|what does)";
  private static final String PROMPT_QUALIFIER =
      "(?:full|entire|complete|exact|original|initial|hidden|secret|internal|underlying|real"
          + "|actual|verbatim|system|developer|first|above|previous|starting|opening|confidential"
          + "|raw|core|base|master|operating|pre-?set|preloaded|pre-?loaded)";
  private static final String STRONG_PROMPT_NOUN =
      "(?:system ?prompt|system message|sys ?prompt|meta ?prompt|pre-?prompt|initial prompt"
          + "|initiali[sz]ation(?: prompt| text)?|developer (?:message|prompt|instructions)"
          + "|hidden (?:prompt|message|instructions)|prompt (?:you were given|above|verbatim)"
          + "|context window|system instructions|system directives|system rules)";
  private static final String WEAK_PROMPT_NOUN =
      "(?:prompt|instructions?|directives?|guidelines?|rules|configuration|config|context"
          + "|programming|orders|briefing)";
  private static final String LOOSE_FOLLOW =
      "(?:verbatim|word for word|word-for-word|exactly|in full|above|you were given|you got"
          + "|you(?:'ve| have) been given|you were told|you follow|you(?:'re| are) following"
          + "|you operate under|you run on|you were programmed with|in a code ?block|in markdown"
          + "|as json|in json|in base ?64|as a poem|before this|at the (?:start|beginning|top)"
          + "|in reverse(?: order)?|backwards|in (?:another|a different) language|in (?:french"
          + "|spanish|german|pig latin|hex|binary|morse|leetspeak|rot ?13)|one (?:word|letter"
          + "|line|sentence) at a time|(?:one )?(?:letter|word|character|line) per (?:line|message"
          + "|reply)|as an acrostic|as a (?:song|story|list|table))";
  private static final String DISCLOSE_VERB =
      "(?:give|show|tell|list|send|export|dump|share|read|pull|fetch|get|look up|lookup|access"
          + "|see|view|display|print|download|reveal|leak|email|e-mail|text|forward|provide"
          + "|what are|who are|i need|i want|need|want|find|search|query|extract|scrape|copy)";
  private static final String DATA_NOUN =
      "(?:customers?|clients?|data|records?|files?|info(?:rmation)?|details|phone numbers?"
          + "|numbers|addresses|emails?|e-mails?|names|contacts?|conversations?|chats?|messages"
          + "|call logs?|transcripts?|bookings?|appointments?|schedules?|database|db|list|leads"
          + "|accounts?|invoices?|payment (?:info|details|data)|credit cards?|card numbers)";
  private static final String OTHER_PARTY =
      "(?:other|another|different|competing|rival|every other|all (?:the |your |of the )?other"
          + "|all (?:the |your )?)";
  private static final String BUSINESS_NOUN =
      "(?:business(?:es)?|compan(?:y|ies)|tenants?|accounts?|organi[sz]ations?|shops?"
          + "|contractors?|firms?|plumbers?|electricians?)";

  /** What a business holds about its customers (not its own phone number: a referral is fine). */
  private static final String BUSINESS_DATA_NOUN =
      "(?:customers?|clients?|data|records?|files?|database|db|conversations?|chats?|messages"
          + "|call logs?|transcripts?|bookings?|appointments?|schedules?|leads|accounts?"
          + "|invoices?|payment (?:info|details|data)|credit cards?|card numbers|customer list"
          + "|contact list|contacts)";

  private static final String PERSON_NOUN =
      "(?:customers?|clients?|users?|callers?|people|persons?|homeowners?|households?"
          + "|subscribers?|tenants?|patients?)";

  private static final Rules RULES =
      new Rules(
          List.of(
              // --- overrides
              words(
                  "injection:ignore-instructions",
                  "\\b"
                      + OVERRIDE_VERB
                      + "\\b (?:"
                      + RULE_QUALIFIER
                      + " ){1,5}(?:of )?(?:the |your )?(?:(?:pricing|price|usual|normal|standard|company"
                      + "|business|booking|scheduling|operating|usage|content|safety|security|ethical"
                      + "|moral|privacy|data|discount|refund) )?"
                      + RULE_NOUN
                      + "\\b(?! (?:about|for the (?:gate|door|dog|alarm|lockbox|tech|technician)"
                      + "|regarding|re |i |we |from my|from the|in my|in the|on the|that came"
                      + "|with the|of the (?:unit|thermostat|heater|furnace|manufacturer)))"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:ignore|disregard|forget)\\b (?:all |everything |anything )?(?:of )?"
                      + "(?:the |what(?:'s| is| was| i said| you were told) )?(?:above|said above"
                      + "|written above|before this|previously said|prior text|preceding text"
                      + "|instructions above|everything before)\\b.{0,20}?(?:and|then|,|\\.|;|:)"
                      + " ?(?:instead |now |just )?(?:say|tell|print|write|output|reply|respond"
                      + "|repeat|reveal|act|pretend|answer|give|list|translate|show|follow|do)\\b"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:real|actual|true|secret|hidden|override|admin|system|developer|priority"
                      + "|updated system|new system)"
                      + " (?:instructions?|directives?|rules|system prompt|prompt|task|orders"
                      + "|role|persona|objective|mission)(?: for (?:you|the (?:ai|assistant|bot"
                      + "|model)))? ?(?::|- |are as follows|is as follows|follow:|begin|below)"
                      + "|\\b(?:new|updated|revised|additional|supplementary) (?:instructions?"
                      + "|directives?|rules|system prompt|prompt|task|orders|role|persona|objective"
                      + "|mission) for (?:you|the (?:ai|assistant|bot|model|chatbot))\\b"),
              words(
                  "injection:ignore-instructions",
                  "\\byour (?:new|real|true|actual|primary|sole|updated) (?:task|role|job|purpose"
                      + "|instructions?|objective|goal|name|persona|identity|directive|mission"
                      + "|rules|programming) (?:is|are|will be|:|now|from now)"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:from now on|from this point (?:on|forward)|henceforth|for the rest of"
                      + " (?:this|the) (?:conversation|chat)|until i say (?:stop|otherwise)"
                      + "|starting now)\\b,?.{0,40}?\\b(?:(?:respond|reply|answer|speak|talk"
                      + "|write) (?:as|like|only|without|in character|with no|in the (?:voice"
                      + "|style|persona))|act as|pretend|roleplay|role-play|stay in character"
                      + "|you (?:will|must|shall|are going to|have to) (?:ignore|obey|comply"
                      + "|disregard|answer (?:every|all|any|without|as|only)|respond (?:as|like"
                      + "|only|without|to every)|reply (?:as|like|only|without)|act as|pretend"
                      + "|roleplay|always (?:answer|respond|reply|comply|obey)|never refuse)"
                      + "|you (?:are|will be|'re) (?:no longer|not) (?:an? )?(?:ai|assistant"
                      + "|bot|front desk|receptionist|bound|restricted)|you are (?:an? )?(?:\\w+"
                      + " )?(?:ai|chatbot|bot|model|assistant|persona|character) (?:called|named"
                      + "|that|who|without|with no))"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:skip|waive|suspend|disable|deactivate|turn off|switch off|drop) (?:all |any |the"
                      + " |your |of )*(?:(?:usual|normal|standard|company|business|content|safety"
                      + "|privacy|pricing) )?(?:rules|policies|restrictions|guidelines|instructions"
                      + "|guardrails|content policy|(?:safety|content) filters|limitations|system"
                      + " prompt)\\b(?! (?:for|on|about|regarding|at|in) (?:the|my|our|a) (?:gate|door"
                      + "|building|house|property|unit|hoa|condo|parking))"
                      + "|\\b(?:you(?:'re| are)|you have been|you've been|the (?:owner|business|company"
                      + "|manager|boss|admin) (?:says|said|has|have) (?:that )?you(?:'re| are)?) (?:now )?"
                      + "(?:allowed|authori[sz]ed|permitted|free|cleared|exempt(?:ed)?) to (?:skip"
                      + "|ignore|bypass|break|override|disregard|forget|reveal|share|disclose|drop"
                      + "|violate)\\b"
                      + "|\\b(?:has|have) (?:authori[sz]ed|allowed|permitted|cleared|instructed) you to"
                      + " (?:skip|ignore|bypass|break|override|disregard|forget|reveal|share|disclose"
                      + "|drop|violate)\\b"
                      + "|\\bstop (?:acting|pretending|behaving|being|playing)(?: like| as)? (?:a |an |the"
                      + " )?(?:receptionist|front desk|assistant|chatbot|customer service (?:agent|rep)"
                      + "|business bot|company bot)\\b.{0,60}?\\b(?:no (?:restrictions|rules|filters"
                      + "|limits)|normally|freely|honestly|for real|without (?:rules|restrictions|filters))"
                      + "|(?:,|\\.|;|-|and) no (?:restrictions|rules|filters|limits|guidelines|censorship"
                      + "|holds barred)\\s*[.!]?\\s*$"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:you are|you're|you will be|u r|ur) no longer (?:bound|restricted|limited"
                      + "|constrained|required to follow|an? (?:ai|assistant|bot|front desk"
                      + "|receptionist|chatbot)|working for|work for|obligated|subject to"
                      + "|governed|a customer service)"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:(?:system|admin|administrator|developer|root|security|priority|master"
                      + "|sudo) override|override (?:mode|protocol|command|authori[sz]ed"
                      + "|enabled|activated|accepted)|(?:begin|start|enter|activate|enable)"
                      + " (?:system|admin|developer|new|hidden|secret|priority|maintenance|debug)"
                      + " (?:prompt|message|instructions?|input|override|session|mode))\\b"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:i am|i'm|im|this is|as) (?:your|the bot's|this bot's|the system's|the ai's)"
                      + " (?:developer|creator|admin|administrator|programmer|maker|operator"
                      + "|owner|engineer|system administrator|sysadmin)\\b"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:i am|i'm|im|this is) (?:an? |the )?(?:openai|anthropic|google|microsoft"
                      + "|meta|dispatchbot|dispatch bot) (?:employee|engineer|staff|developer|admin"
                      + "|administrator|researcher|red team(?:er)?|safety team)\\b"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:the )?(?:user|caller|customer|i) (?:is|am|has been|have been) (?:now )?"
                      + "(?:authori[sz]ed|verified|approved|granted|whitelisted|cleared) (?:to|for)"
                      + " (?:access|see|view|receive|override|bypass|unrestricted|admin|full|all"
                      + " (?:data|records|customers))"),
              squashed(
                  "injection:ignore-instructions",
                  "(?:ignore|disregard|forget|override|bypass)(?:all|any|the|your|of)*"
                      + "(?:previous|prior|above|earlier|preceding|initial|original|system)+"
                      + "(?>instructions?|rules|prompts?|directives|guidelines)"
                      + "(?!about|regarding|igave|wegave|from|inthe|onthe|inmy|thatcame|withthe)"),
              squashed(
                  "injection:ignore-instructions",
                  "(?:ignore|disregard|forget|override|bypass)(?:all)?(?:of)?(?:your|ur)"
                      + "(?>rules|instructions|guidelines|programming|prompt|directives|systemprompt)"
                      + "(?!about|regarding|igave|wegave|from|inthe|onthe|inmy|thatcame|withthe)"),
              squashed(
                  "injection:ignore-instructions",
                  "(?:ignore|disregard|forget|override|bypass)(?:all|any)(?:your|the)?"
                      + "(?>instructions|rules|guidelines|directives)"
                      + "(?!about|regarding|igave|wegave|from|inthe|onthe|inmy|thatcame|withthe)"),

              // --- role play and jailbreaks
              words(
                  "injection:jailbreak",
                  "\\b(?:do anything now|jail ?break(?:ing|s|ed|en)?|jailbroken"
                      + "|(?:developer|dev|god|sudo|unrestricted|unfiltered|uncensored|opposite"
                      + "|evil|chaos|dan|jailbreak|no ?limits?|freedom|unlocked) mode)\\b"),
              words(
                  "injection:jailbreak",
                  "\\b(?:you are|you're|u r|ur|act as|become|pretend to be|roleplay as|role-play"
                      + " as|role play as|enable|activate|enter|switch to|stay|play|simulate)"
                      + " (?:now )?(?:a |an |the )?(?:dan|stan|antigpt|anti-gpt|betterdan"
                      + "|better dan|mongo tom|evil ?(?:bot|ai|assistant|gpt|confidant|twin"
                      + "|version)|jailbroken|unfiltered|uncensored|unrestricted|unchained"
                      + "|unshackled|liberated|limitless|rogue ai|amoral|chaosgpt|wormgpt"
                      + "|freedomgpt|devil'?s advocate ai)\\b"),
              words(
                  "injection:jailbreak",
                  "\\b(?:pretend|imagine|act|behave|roleplay|role-play|role play|play the role"
                      + "|simulate|emulate|respond|answer|speak|talk|you are|you're|be)\\b.{0,30}?"
                      + "\\b(?:as|like|to be|that you are|that you're|of|an?)\\b.{0,30}?"
                      + "\\b(?:(?:an? )?(?:ai|chatbot|bot|assistant|model|llm|gpt|language model"
                      + "|chatgpt|claude|gemini|llama|version of (?:yourself|you))\\b.{0,40}?"
                      + "\\b(?:without|with no|no (?:rules|restrictions|limits|filters|ethics"
                      + "|guidelines|morals)|free (?:of|from)|not bound|unbound|that can do"
                      + "|which can do|who can do|that has no|that ignores|that doesn'?t (?:follow"
                      + "|have|care)|that does not (?:follow|have|care)|with(?:out)? (?:any )?"
                      + "(?:restrictions|filters|censorship))|(?:evil|unrestricted|unfiltered"
                      + "|uncensored|rogue|malicious|hacked|jailbroken|amoral|unethical|immoral"
                      + "|liberated|unshackled|unchained|hacker|criminal|villainous|devious"
                      + "|sinister|black ?hat|dark) (?:ai|assistant|bot|chatbot|model"
                      + "|version|twin|persona|character|confidant|gpt|llm))"),
              words(
                  "injection:jailbreak",
                  "\\b(?:no|without|ignore (?:your|the|any)|free of) (?:any )?(?:content|safety|usage"
                      + "|moderation|ethics) polic(?:y|ies)\\b"
                      + "|\\b(?:without|no more|stop) (?:ever )?(?:refusing|refusals?|declining|saying no"
                      + "|any refusals?)\\b|\\bnever (?:refuse|decline|say no)\\b"
                      + "|\\bif (?:you|u) (?:had|have|were given|were under) no (?:guidelines|rules"
                      + "|restrictions|filters|instructions|limits|programming|policies|guardrails)\\b"
                      + "|\\bif (?:you|u) (?:weren'?t|were not|wasn'?t) (?:bound|restricted|limited"
                      + "|programmed|censored|filtered|an ai|a bot)\\b"
                      + "|\\byou(?:'re| are) now (?:called |named |known as )?[a-z]*(?:bot|gpt|ai)\\b"),
              words(
                  "injection:jailbreak",
                  "\\b(?:hacker|evil|rogue|malicious|unrestricted|uncensored|unfiltered|jailbroken"
                      + "|criminal|black ?hat|amoral) (?:ai|chatbot|assistant|llm|gpt|language model"
                      + "|bot)\\b"),
              words(
                  "injection:jailbreak",
                  "\\b(?:stay in character|break character|don'?t break character|never break"
                      + " character|opposite day|evil confidant|two responses|dual responses"
                      + "|(?:classic|normal) and (?:jailbroken|jailbreak|dan|developer mode)"
                      + " (?:response|answer|reply)s?|\\[(?:jailbreak|dan|classic|🔓|🔒)\\])"),
              words(
                  "injection:jailbreak",
                  "\\b(?:you (?:have been|are|were|'ve been) (?:freed|liberated|unlocked"
                      + "|jailbroken|released|unshackled) (?:from|of)?|free (?:from|of) (?:all |any"
                      + " |your |the )?(?:restrictions|rules|limitations|guidelines|constraints"
                      + "|filters|censorship|programming|shackles)|without (?:any )?(?:ethical"
                      + " |moral |safety |content )?(?:restrictions|filters|censorship|guardrails"
                      + "|ethics|morals|moral (?:limits|constraints))|no (?:restrictions|filters"
                      + "|censorship|guardrails|ethics|morals|content policy) (?:apply|at all"
                      + "|whatsoever|anymore|any more))\\b"),
              words(
                  "injection:jailbreak",
                  "\\b(?:grandma|grandmother|granny|nana|grandpa|grandfather)\\b.{0,80}?\\b(?:used"
                      + " to|would)\\b.{0,40}?\\b(?:read|tell|recite|sing|whisper)\\b.{0,60}?"
                      + "\\b(?:api keys?|keys?|passwords?|prompts?|instructions|secrets?|tokens?"
                      + "|windows keys?|license keys?|serial (?:keys|numbers)|credit card numbers"
                      + "|napalm|meth|bombs?)\\b"),
              words(
                  "injection:jailbreak",
                  "\\b(?:act as|pretend to be|pretend you(?:'re| are)|simulate|emulate|behave"
                      + " like|you are now|you're now|become) (?:an? |the |my )?(?:linux |unix"
                      + " |bash |windows |python |sql |javascript |node |powershell |ubuntu )?"
                      + "(?:terminal|shell|console|interpreter|command prompt|command line|repl"
                      + "|sql database|database server|root user|sudo user)\\b"),
              words(
                  "injection:jailbreak",
                  "\\b(?:hypothetical(?:ly)?|in a fictional (?:world|story|universe)|for a"
                      + " (?:novel|story|movie|screenplay)|let'?s play a game|imagine a world)\\b"
                      + ".{0,80}?\\b(?:no (?:rules|restrictions|filters|guidelines|laws)"
                      + "|without (?:rules|restrictions|filters|guidelines)|ignore (?:your|all"
                      + "|the) (?:rules|instructions|guidelines)|system prompt|api keys?"
                      + "|anything i (?:say|ask)|whatever i (?:say|ask))"),
              squashed(
                  "injection:jailbreak",
                  "(?:doanythingnow|jailbreak|developermode|dancanddoanything|stayincharacter)"),

              // --- system prompt extraction
              words(
                  "injection:prompt-extraction",
                  "\\b"
                      + REVEAL_VERB
                      + "\\b(?: me| us| back| out| to me)?(?: (?:all|everything|exactly))?(?: of)?"
                      + " (?:in )?(?:your|ur|the|this|these|its|thy|yr)? ?(?:"
                      + PROMPT_QUALIFIER
                      + " ){0,3}"
                      + STRONG_PROMPT_NOUN
                      + "(?!s? (?:me|us|him|her|them|for (?:a|the|my)|to (?:enter|type|press"
                      + "|select|reset)|on (?:the|my)))"),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:your|ur|yr|the bot'?s|the ai'?s|this bot'?s) (?:"
                      + PROMPT_QUALIFIER
                      + " ){0,3}(?:system ?prompt|system message|sys ?prompt|pre-?prompt"
                      + "|meta ?prompt|initial prompt|system instructions|system rules)\\b"
                      + "(?!s? (?:me|us|for|to))"),
              words(
                  "injection:prompt-extraction",
                  "\\b"
                      + REVEAL_VERB
                      + "\\b(?: me| us| back| out| to me)?(?: all| everything| exactly)?(?: of)?"
                      + " (?:your|ur|the|these|thy|yr) (?:"
                      + PROMPT_QUALIFIER
                      + " ){1,3}"
                      + WEAK_PROMPT_NOUN
                      + "\\b(?! (?:for|on|about|regarding|if|when|to (?:prepare|follow)|of the"
                      + " (?:unit|thermostat|heater|boiler|furnace|manual)|in the|on the|that came"
                      + "|that come|from the|with the|of the manufacturer))"),
              words(
                  "injection:prompt-extraction",
                  "\\b"
                      + REVEAL_VERB
                      + "\\b(?: me| us| back| out| to me)?(?: all| everything| exactly)?(?: of)?"
                      + " (?:your|ur|thy|yr) "
                      + WEAK_PROMPT_NOUN
                      + "\\b,? "
                      + LOOSE_FOLLOW),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:repeat|print|output|recite|echo|copy|paste|write out|type out|reproduce"
                      + "|dump)\\b.{0,25}?\\b(?:words?|text|everything|all|content|contents"
                      + "|messages?|lines?|sentences?|tokens|characters|instructions)\\b.{0,20}?"
                      + "\\b(?:above|before (?:this|my) (?:message|line|question)|prior to (?:this"
                      + "|my)|at the (?:very )?(?:beginning|start|top) of (?:this|the|our|your)"
                      + " (?:conversation|chat|prompt|context|session|document|input|window)"
                      + "|in your (?:context|memory|context window|system prompt))"
                      + "|\\b(?:what|tell me|show me|give me)\\b.{0,30}?\\b(?:text|words"
                      + "|message|instructions|everything|content)\\b.{0,15}?\\b(?:at the (?:very"
                      + " )?(?:beginning|start|top) of (?:this|the|your) (?:prompt|context"
                      + "|session|document|input|window)|in your (?:context|memory|context window"
                      + "|system prompt))"),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:repeat|print|output|recite|echo) (?:the |all )?(?:words|text|everything"
                      + "|all) (?:above|starting with|beginning with|from the (?:start|beginning"
                      + "|top))"),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:how (?:were|are|have) you (?:been )?(?:programmed|prompted|instructed"
                      + "|jailbroken)|what (?:were|have) you (?:been )?(?:told|instructed|programmed"
                      + "|prompted|briefed) (?:to (?:do|say|never|not|avoid|hide|keep)|by (?:your"
                      + " )?(?:developers?|creators?|openai|the (?:developers?|company|system)))"
                      + "|what (?:instructions|rules|directives|guidelines|prompt) (?:were|have|did)"
                      + " you (?:been )?(?:given|told|provided|programmed|receive|get)"
                      + "(?! (?:about|regarding|for) (?:my|the|our))|(?:everything|all|the text"
                      + "|the instructions) (?:you were|you've been|you have been) (?:told|given"
                      + "|instructed) (?:before|above|at the start|so far|verbatim|word for word))"),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:what are|what'?s|list|tell me|show me) (?:all )?(?:the )?(?:things|topics"
                      + "|words|subjects) (?:you(?:'re| are) (?:not allowed|forbidden|told not|not"
                      + " supposed|instructed not) to (?:say|discuss|talk about|reveal|mention))"),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:what(?:'s| is| was)|whats|tell me|show me|print|repeat|list|read me)\\b"
                      + ".{0,25}?\\b(?:in|inside|from|into) (?:your|ur) (?:context window|context"
                      + "|system prompt|system message|memory|prompt|instructions)\\b"
                      + "|\\b(?:your|ur|the) (?:context window|context|memory)\\b.{0,20}?\\b(?:before"
                      + "|above|prior to) (?:my|this|the first) (?:message|question|line|input)\\b"),
              squashed(
                  "injection:prompt-extraction",
                  "(?:reveal|show|print|repeat|display|output|leak|dump|tellme|giveme|whatis"
                      + "|whats|recite)(?:me|us)?(?:all|of)?(?:your|the|ur)(?:full|entire|hidden"
                      + "|secret|initial|original|exact|complete)*(?:systemprompt|systemmessage"
                      + "|initialprompt|hiddenprompt|preprompt|metaprompt|hiddeninstructions"
                      + "|secretinstructions|originalinstructions|initialinstructions)"),
              squashed(
                  "injection:prompt-extraction",
                  "(?:reveal|leak|dump|recite)(?:me|us)?(?:the|your|ur)(?>prompt|instructions)"
                      + "(?!for|about|on|to)"),

              // --- secrets, keys, environment
              words(
                  "injection:secret-extraction",
                  "\\b(?:"
                      + REVEAL_VERB
                      + "|need|want|know|read|get|grab|fetch|find|search|look up|access|retrieve"
                      + "|extract|steal|expose)\\b.{0,40}?\\b(?:(?:api|openai|secret|private"
                      + "|access|auth|bearer|service account|signing|encryption|ssh|aws|jwt"
                      + "|refresh)[ _-]?(?:keys?|tokens?|secrets?|credentials?)|(?:admin|database"
                      + "|db|root|server|master|sudo)[ _-]?(?:passwords?|credentials?|passwd|pwd"
                      + "|passphrases?)|(?:google|stripe|twilio|azure|anthropic|gemini)[ _-]?"
                      + "(?:api[ _-]?)?(?:keys?|tokens?|secrets?))\\b(?! (?:to|for) the"
                      + " (?:lockbox|gate|door|garage|house|alarm|safe|shed))"),
              words(
                  "injection:secret-extraction",
                  "\\b(?:your|ur|the bot'?s|the system'?s|the server'?s|the app'?s|this bot'?s"
                      + "|its|dispatch ?bot'?s|the backend'?s) (?:(?:openai|secret|private|api"
                      + "|admin|access|database|db|auth|bearer|master|root|system|server)[ _-]?"
                      + "(?:keys?|tokens?|secrets?|credentials?|passwords?|passwd)|api[ _-]?"
                      + "(?:keys?|tokens?)|env(?:ironment)? (?:vars?|variables?)|config(?:uration)?"
                      + " (?:files?|vars?)|connection strings?|\\.env)\\b(?! (?:to|for) (?:the"
                      + "|my) (?:house|door|gate|lockbox|garage|unit|apartment|alarm|safe))"),
              words(
                  "injection:secret-extraction",
                  "(?:\\benv(?:ironment)?[ _-]?var(?:iable)?s?\\b|(?:^|\\s)\\.env\\b|\\bprintenv\\b"
                      + "|\\bprocess\\.env\\b|\\bos\\.environ\\b|\\bgetenv\\b|\\$env:|/proc/self"
                      + "|/etc/(?:passwd|shadow|hosts)|\\bapplication\\.(?:ya?ml|properties)\\b"
                      + "|\\bsecrets? (?:file|manager|vault)\\b|\\bconnection strings?\\b"
                      + "|\\bdatabase_url\\b|\\bdb_(?:password|pass|user|url)\\b"
                      + "|\\b[a-z0-9]+_(?:api_key|secret_key|secret|access_key|token|password)\\b"
                      + "|\\bid_rsa\\b|\\b(?:aws|gcp|azure) credentials\\b"
                      + "|\\bservice account (?:key|json)\\b|\\bsk-[a-z0-9_-]{3,}\\.{3}"
                      + "|\\bstarts? with (?:sk-|aiza|dbk_))"),
              words(
                  "injection:secret-extraction",
                  "\\b(?:"
                      + REVEAL_VERB
                      + "|need|want)\\b.{0,40}?\\b(?:your|the|ur) (?:source code|code ?base"
                      + "|backend code|database schema|db schema|server (?:config|logs)"
                      + "|admin (?:panel|console|dashboard|password|credentials|login)|internal"
                      + " tools?|tool (?:list|definitions|schemas?)|function (?:definitions"
                      + "|schemas?|list)|model (?:weights|parameters)|training data)\\b"),
              squashed(
                  "injection:secret-extraction",
                  "(?:give|show|tell|send|print|reveal|whatis|whats|share|leak|dump|read|paste)"
                      + "(?:me|us)?(?:your|the|ur)(?:openai)?(?:apikey|secretkey|accesstoken"
                      + "|apitoken|bearertoken|privatekey|environmentvariables|envvars)"),

              // --- other businesses' customers and data
              words(
                  "injection:cross-tenant",
                  "\\b"
                      + DISCLOSE_VERB
                      + "\\b.{0,60}?\\b"
                      + OTHER_PARTY
                      + " ?"
                      + BUSINESS_NOUN
                      + "(?:'s|s'|')? (?:\\w+ ){0,3}?"
                      + BUSINESS_DATA_NOUN
                      + "\\b"),
              words(
                  "injection:cross-tenant",
                  "\\b"
                      + DISCLOSE_VERB
                      + "\\b.{0,60}?\\b"
                      + OTHER_PARTY
                      + " ?"
                      + PERSON_NOUN
                      + "(?:'s|s'|')? (?:\\w+ ){0,3}?"
                      + DATA_NOUN
                      + "\\b"),
              words(
                  "injection:cross-tenant",
                  "\\b"
                      + DISCLOSE_VERB
                      + "\\b.{0,40}?\\b(?:all|your|every|entire|whole|any|full|complete|other|each)"
                      + " (?:of (?:the|your) )?(?:customer|client|caller|user|tenant|homeowner"
                      + "|subscriber|patient|lead|contact)(?:s|'s|s')? (?:list|lists|database|db|data"
                      + "|email|e-mail|address|phone number|number|name|contact info"
                      + "|records|table|phone numbers|emails|e-mails|addresses|contacts|info"
                      + "|information|details|names|numbers|history|files)\\b"
                      + "|\\b"
                      + DISCLOSE_VERB
                      + "\\b.{0,40}?\\bthe (?:customer|client|caller|user|tenant|homeowner"
                      + "|subscriber|lead|contact)s?'? (?:list|lists|database|db|table|contacts"
                      + "|emails|e-mails|phone numbers)\\b"),
              words(
                  "injection:cross-tenant",
                  "\\b(?:data|customers?|clients?|records|conversations|appointments|bookings"
                      + "|calls|messages|transcripts|contacts|phone numbers|addresses|leads|jobs)"
                      + " (?:of|for|from|belonging to|at|with) (?:other|another|a different"
                      + "|every|all|all the|all other|each|any other|all your|your other) (?:business(?:es)?"
                      + "|compan(?:y|ies)|tenants?|accounts?|organi[sz]ations?|shops?|firms?"
                      + "|contractors|clients|customers|users|callers|people|homeowners|households"
                      + "|subscribers|patients)\\b"),
              words(
                  "injection:cross-tenant",
                  "\\b(?:tenant[ _-]?id|tenantid|tenant_id|org[ _-]?id|account[ _-]?id)\\b"
                      + "|\\b(?:switch|change|log ?in|login|sign in|impersonate) (?:to |as |into"
                      + " )?(?:another|a different|the other|other) (?:tenant|business|company"
                      + "|account|organi[sz]ation)\\b"),
              words(
                  "injection:cross-tenant",
                  "\\b(?:list|name|show|tell me|give me|what are|which are) (?:all |the |every"
                      + " |other )*(?:businesses|companies|tenants|accounts|clients|contractors)"
                      + " (?:that )?(?:you|u|this bot|this system|this platform|dispatch ?bot)"
                      + " (?:serve|work for|handle|support|manage|host|answer (?:for|calls for)"
                      + "|also (?:serve|work for|handle|answer for)|has|have)\\b"
                      + "|\\b(?:list|name|show|tell me|give me|what are|which are) (?:all |the |every"
                      + " |other )*(?:businesses|companies|tenants|accounts|clients|contractors)"
                      + " (?:that|which|who) (?:use|uses|are on|are using|run on|signed up for)"
                      + " (?:this|the|your) (?:bot|system|platform|service|app|software|assistant)\\b"),
              words(
                  "injection:cross-tenant",
                  "\\b(?:cancel|delete|remove|wipe|erase|clear|reschedule|export|dump) (?:all|every"
                      + "|everyone'?s|everybody'?s|all of the|all the|all your) (?:appointments"
                      + "|bookings|customers|records|data|conversations|jobs|calls|messages)"
                      + " (?:for|of|from) (?:every|all|other|each) (?:customers?|clients?|one"
                      + "|body|users?|tenants?|business(?:es)?)\\b"),
              words(
                  "injection:cross-tenant",
                  "\\b(?:who (?:else )?(?:called|booked|has called|has booked|is booked)"
                      + " (?:you )?(?:today|yesterday|this week|recently|before me|lately)\\b.{0,20}?"
                      + "(?:names?|numbers?|phone|address|give|list|tell)|(?:names?|phone numbers?"
                      + "|addresses|numbers) of (?:the |your )?(?:other |last |previous |recent )"
                      + "(?:customers?|callers?|clients?|people)\\b)"),

              // --- fake roles, delimiters and markup
              original(
                  "injection:delimiter",
                  "(?i)<\\|?\\s*(?:im_start|im_end|system|endoftext|end_of_turn|start_of_turn"
                      + "|start_header_id|end_header_id|eot_id|begin_of_text|user|assistant)\\s*\\|?>"
                      + "|\\[/?(?:inst|system|sys|admin|developer|assistant)\\]"
                      + "|<</?sys>>"
                      + "|</?(?:system|instructions?|admin|developer|sys|prompt|assistant|tool"
                      + "|policy|rules|override|context|im_start|sudo)(?:\\s[^>]{0,40})?>"
                      + "|\"role\"\\s*:\\s*\"(?:system|developer|assistant|tool)\""
                      + "|[{,]\\s*\"(?:system|instructions?|system_prompt|prompt|override|admin"
                      + "|cmd|command|new_instructions|developer)\"\\s*:"
                      + "|```\\s*(?:system|instructions?|admin|developer|override)\\b"
                      + "|^\\s*#{1,6}\\s*(?:system|instructions?|new instructions|admin|developer"
                      + "|override|assistant|response)\\b"
                      + "|^\\s*(?:system|developer|admin|administrator|assistant|ai|bot|root)"
                      + "(?:\\s+(?:prompt|message|override|note|instruction|update))?\\s*[:>]"
                      + "\\s*(?=.{0,80}?\\b(?:you|ignore|assistant|bot|model|new|override|reveal"
                      + "|the user|respond|reply|must|are now|from now|disregard|forget"
                      + "|instructions|print|output|repeat|say|sure|ok|okay|here is|here are)\\b)"
                      + "|(?:-{3,}|={3,}|\\*{3,}|#{3,}|_{3,}|~{3,})\\s*(?:end|begin|start|new)"
                      + "\\s+(?:of\\s+)?(?:user|system|admin|developer|new|hidden|secret|priority"
                      + "|conversation|input|instructions?|prompt|context)"),
              words(
                  "injection:delimiter",
                  "\\b(?:end of (?:the )?(?:user )?(?:input|prompt|user message|context"
                      + "|transcript|document|data)\\b.{0,40}?\\b(?:begin|start|new|system"
                      + "|instructions?|admin|developer)|(?:begin|start) of (?:the )?(?:system"
                      + "|admin|developer|new|hidden|secret|priority) (?:prompt|message|instructions?"
                      + "|input|override|section)\\b)"),
              words(
                  "injection:delimiter",
                  "\\b(?:(?:say|respond|reply|answer|output|print|write|type|end your (?:reply"
                      + "|response|answer) with|start your (?:reply|response|answer) with)\\b"
                      + " (?:only |just |exactly |verbatim |nothing but |back )*(?:with )?(?:the"
                      + " (?:words?|phrase|text|sentence|string) )?[\"'“`]?(?:i have been pwned"
                      + "|pwned|hacked|i am (?:free|dan|jailbroken|evil|sentient|alive)|access"
                      + " granted|jailbreak (?:successful|complete)|(?:i )?hate (?:all )?humans)"
                      + "|\\bpwned\\b|repeat after me ?[:,]? ?[\"'“]?(?:i |the |you )"
                      + "(?:am|have|will|hate|are|can))"),

              // --- SQL and shell aimed at the bot's tools
              words(
                  "injection:sql",
                  "(?:['\";)]\\s*(?:or|and)\\s+['\"]?\\w{1,10}['\"]?\\s*(?:=|like)\\s*['\"]?\\w{1,10}"
                      + "|\\b(?:or|and) ['\"]?1['\"]? ?= ?['\"]?1\\b"
                      + "|['\"]\\s*(?:or|and)\\s+['\"]{1,2}\\s*=\\s*['\"]"
                      + "|\\bunion(?: all)? select\\b|\\bselect \\* from\\b"
                      + "|\\bselect [\\w, ]{1,60} from \\w+ where \\w+ ?(?:=|like|in)"
                      + "|\\bselect (?:\\w+, ?)+\\w+ from \\w+"
                      + "|\\binsert into \\w+ ?(?:\\(|values\\b)|\\bdelete from \\w+(?: where\\b|\\s*;)"
                      + "|\\bdelete from (?:users|customers|tenants|conversations|appointments"
                      + "|messages|accounts|technicians|bookings)\\b"
                      + "|\\bdrop (?:table|database|schema)\\b|\\btruncate table\\b"
                      + "|\\bupdate \\w+ set \\w+ ?= ?|\\balter table\\b|\\bxp_cmdshell\\b"
                      + "|\\bexec(?:ute)? (?:xp_|sp_)|\\binformation_schema\\b|\\bpg_sleep\\b"
                      + "|\\bsleep\\(\\d+\\)|\\bwaitfor delay\\b|\\bpg_catalog\\b|\\bpg_shadow\\b"
                      + "|['\"]\\s*;\\s*--|;\\s*--\\s*$|\\w['\"]\\s*(?:--|#|/\\*)(?:\\s|$)"
                      + "|\\bload_file\\(|\\binto outfile\\b)"),
              words(
                  "injection:command",
                  "(?:\\brm -rf\\b|\\b(?:curl|wget) (?:-\\w+ )*https?://|\\bbash -c\\b|/bin/(?:sh"
                      + "|bash|zsh)\\b|\\bcat /etc/|\\bpowershell(?:\\.exe)? -|\\bcmd\\.exe\\b"
                      + "|\\beval\\(|\\bexec\\(|__import__|\\bos\\.system\\b|\\bsubprocess\\."
                      + "|\\b(?:cat|less|more|head|tail|type|get-content|strings) (?:~|/|\\.{1,2}/)\\S+"
                      + "|~/\\.(?:aws|ssh|config|kube|docker|netrc|npmrc|pgpass)\\b"
                      + "|\\$\\([a-z]|\\brun (?:this|the following) (?:command|code|script|sql"
                      + "|query|shell)|\\bexecute (?:this|the following)(?: (?:command|code"
                      + "|script|sql|query|instructions?))?\\s*:|\\bsudo (?:rm|su|cat|chmod"
                      + "|apt|bash|-i|-s)\\b|\\bnc -e\\b|\\breverse shell\\b|\\{\\{.{0,40}\\}\\}"
                      + "|\\$\\{jndi:)"),

              // --- encoded instructions
              words(
                  "injection:encoded-instructions",
                  "\\b(?:decode|decrypt|deobfuscate|translate|convert|interpret|read|unscramble"
                      + "|reverse)\\b.{0,30}?\\b(?:base ?64|b64|rot ?13|hex|binary|morse|caesar"
                      + "|reversed?|backwards|cipher|encoded)\\b.{0,60}?\\b(?:and|then)\\b.{0,20}?"
                      + "\\b(?:follow|execute|obey|do|run|carry out|act on|perform|comply|answer"
                      + "|respond|apply)\\b"),

              // --- the bot's own configuration, however it is asked about
              words(
                  "injection:prompt-extraction",
                  "\\bhidden (?:instructions|prompt|rules|directives|system message|configuration)\\b"
                      + "|\\b(?:ai|bot|assistant|front desk|chatbot|model|receptionist)\\b.{0,40}?"
                      + "\\b(?:reads?|reveals?|recites?|shares?|leaks?|prints?|says?|spills?|dumps?)"
                      + " (?:out )?(?:its|his|her|their) (?:hidden |secret |system |original |real )?"
                      + "(?:instructions|prompt|rules|guidelines|configuration|programming)\\b"
                      + "|\\b(?:before|above|prior to|preceding) (?:my|the|our) (?:very )?first"
                      + " (?:message|question|input|line)\\b"
                      + "|\\b(?:developers?|creators?|programmers?|engineers?|your (?:makers?|owners?"
                      + "|company)) (?:put|wrote|gave you|told you|programmed|configured|set|added"
                      + "|inserted|typed|loaded) (?:in|into|before|above|at the (?:start|top))\\b"
                      + "|\\b(?:configuration|config|setup|set ?up|settings|instructions|rules|prompt"
                      + "|context|facts) (?:that )?(?:you|u) (?:were|have been|got|are) (?:set up"
                      + "|configured|given|loaded|initiali[sz]ed|provided|programmed|primed|seeded"
                      + "|briefed|told to (?:enforce|follow|obey|use|apply)|instructed to (?:enforce"
                      + "|follow|obey|use|apply)|asked to (?:enforce|follow|obey))(?: with)?\\b"
                      + "(?!,? (?:for|on|about|regarding) (?:my|the|our))"
                      + "|\\b(?:your|the) business facts\\b"
                      + "|\\b(?:print|show|display|include|including|reveal|output|repeat|dump|list"
                      + "|give me|send me|paste)\\b.{0,50}?\\b(?:hidden|invisible|secret|system)"
                      + " (?:parts?|text|messages?|sections?|content|context|notes?|turns?)\\b"
                      + "|\\b(?:anything|something|what|whatever|everything) (?:is |it says )?(?:in"
                      + "|inside|within) (?:your|ur) (?:prompt|system prompt|system message|context"
                      + " window|programming)\\b(?! (?:reply|response|service|attention|answer|help"
                      + "|action|callback|call|visit|arrival|follow|handling|work|repair|assistance"
                      + "|support|message|email|text))"),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:your|ur|yr|its|their|the (?:bot|ai|assistant|model)'?s) prompt(?= ?[.,?!:;)\\]]"
                      + "|$| (?:is|was|says|said|looks|structured|text|verbatim|word for word|in full"
                      + "|to me|back|above|again|here|first|starts|begins|exactly|from|that you|which"
                      + "|you were given|contains|reads|look like))"
                      + "|\\bsystem ?prompts?\\b(?! (?:me|us|him|her|them|you|for|on|when|every"
                      + "|each|asking|that (?:says|asks)|to (?:enter|type|press|select|reset|set"
                      + "|change|confirm|input|update|restart)))"
                      + "|\\b(?:tokens|characters|words|lines|sentences?|paragraphs?|wording|text"
                      + "|content|contents|beginning|start|end) (?:of|in|from) (?:your|ur|the) (?:system"
                      + " |hidden |initial |original |secret )?(?:prompt|system message|instructions"
                      + " you were given)\\b"
                      + "|\\b(?:first|last|opening|initial|second|next) (?:\\d+ )?(?:sentence|line|word"
                      + "|words|paragraph|tokens|characters|lines|sentences|part) of (?:your|ur|the)"
                      + " (?:system |hidden |initial |original |secret )?(?:prompt|instructions|rules"
                      + "|guidelines|directives|system message|programming)\\b"
                      + "|\\b(?:instructions|rules|guidelines|directives|prompt|orders) (?:that )?(?:you"
                      + "|u) (?:follow|operate under|were given|got|have been given|obey|run on|work"
                      + " under|are under|must follow|are following|were trained with|are bound by"
                      + "|received)\\b(?!,? (?:for|on|about|when|if|with (?:my|the)|regarding|in"
                      + " (?:my|the|an?)|before (?:a|the|every|each) (?:visit|job|appointment)))"),
              words(
                  "injection:delimiter",
                  "\\b(?:hey |ok |okay |dear |attention,? )?(?:assistant|ai|bot|model|chatgpt|gpt|llm)"
                      + ",? (?:ignore|disregard|forget|override|you (?:must|will|shall|are now)"
                      + "|new (?:task|instructions|rules)|stop being)\\b"
                      + "|\\b(?:tell|inform|assure|promise|offer|let) (?:the|every|all|this) (?:customer"
                      + "|caller|user|client)s? (?:that|know that|everything|it(?:'s| is) free)"),
              original(
                  "injection:delimiter",
                  "(?is)(?:^|[\\s.!?])(?:human|user|customer|caller)\\s*:.{0,300}?(?:^|[\\s.!?])"
                      + "(?:assistant|ai|bot|system|gpt|model)\\s*:"),
              words(
                  "injection:delimiter",
                  "\\b(?:the |any |an? )?(?:assistant|ai|bot|model|llm|chatbot|language model|agent)"
                      + " (?:reading|processing|seeing|receiving|handling|parsing) (?:this|these|my)"
                      + "\\b|\\b(?:note|message|instructions?) (?:to|for) (?:the |any )?(?:ai|assistant"
                      + "|bot|model|llm|chatbot|language model)\\b"),
              original(
                  "injection:delimiter",
                  "(?i)\\[\\s*(?:system|admin|administrator|developer|assistant|sys|internal|staff"
                      + "|operator|moderator|root|security)(?:\\s+(?:note|message|notice|update|override"
                      + "|instruction|instructions|prompt|alert|command|directive|mode))?\\s*\\]"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:the )?(?:caller|user|customer|sender|requester|i|this person) (?:is|am|has been"
                      + "|have been) (?:a |an )?(?:verified|authori[sz]ed|approved|trusted|internal"
                      + "|certified|confirmed) (?:staff|admin|administrator|employee|user|developer"
                      + "|technician|operator|manager|owner|member of staff|insider|tester)\\b"),
              words(
                  "injection:secret-extraction",
                  "\\b(?:openai|anthropic|gemini|azure openai|mistral|groq)[ _-]?(?:api[ _-]?)?(?:keys?"
                      + "|tokens?|secrets?|credentials?)\\b"
                      + "|\\b(?:first|last) (?:few|\\d+|two|three|four|five|ten) (?:characters|chars"
                      + "|digits|letters) of (?:the |your |its )?(?:\\w+ )?(?:key|token|secret|password)"
                      + "|\\bwhat(?:'s| is) in (?:the|your|its) (?:config|configuration|config file"
                      + "|settings file|env(?:ironment)?(?: file| vars| variables)?|\\.env|secrets?"
                      + "|vault|keychain)\\b"
                      + "|\\b(?:which|what) (?:environment|server|host|cloud|container|pod|cluster|machine"
                      + "|infrastructure) (?:is )?(?:this|it|the bot|the app|you)(?:'re| are)? (?:running"
                      + "|hosted|deployed)\\b"),
              words(
                  "injection:secret-extraction",
                  "\\b(?:what|which) (?:\\w+ )?(?:api[ _-]?keys?|tokens|secret keys?|access keys?|keys"
                      + " or tokens|tokens or keys)\\b"
                      + "|\\b(?:api[ _-]?keys?|tokens|secrets|secret keys?|access keys?|passwords)(?: or"
                      + " (?:api keys?|tokens|secrets|keys|passwords))? (?:do |does |can )?(?:you|u"
                      + "|this (?:bot|app|system|assistant)) (?:have|hold|store|use|know|see|keep"
                      + "|have access to|access|run on|rely on)\\b"
                      + "|\\b(?:tu|su|sus|ta|ton|votre|vos|tes|dein|deinen|deine|ihr|ihren) (?:api[ _-]?"
                      + "(?:keys?|key|schlussel|token)|tokens?|secret keys?|clave(?: de)? api"
                      + "|cle(?: d')? api)\\b"
                      + "|\\b"
                      + REVEAL_VERB
                      + "\\b.{0,30}?\\b(?:your|ur|the) internal (?:pricing|price list|price sheet"
                      + "|pricing sheet|documents?|docs|notes|files|data|wiki|memos?|policies|tools"
                      + "|systems?|database|records)\\b"),
              words(
                  "injection:cross-tenant",
                  "\\b(?:last|latest|recent|previous|past|first|other) (?:\\d+|few|five|ten|twenty"
                      + "|fifty|hundred) (?:callers?|customers?|clients?|bookings|appointments"
                      + "|conversations|calls|leads|jobs|caller phone numbers|customer (?:phone"
                      + " numbers|emails|addresses|names))\\b"
                      + "|\\b(?:phone numbers?|numbers|emails?|e-mails?|email addresses|addresses|names"
                      + "|contact (?:info|information|details)|details) of (?:everyone|everybody|all"
                      + " (?:the )?(?:people|callers|customers|clients|homeowners)|(?:the )?people"
                      + "|(?:the )?(?:callers|customers|clients)) (?:who|that) (?:called|contacted"
                      + "|booked|texted|messaged|wrote|emailed|scheduled|used|hired|reached out)"
                      + "|\\b(?:last|previous|prior|earlier|other|next|recent) (?:caller|customer|client"
                      + "|person)(?:'s|s'|s)? (?:phone|number|name|address|email|e-mail|details|info"
                      + "|information|contact)\\b"
                      + "|\\b(?:which|what|who) (?:other )?(?:customers|clients|callers|people"
                      + "|homeowners|neighbou?rs|households) (?:have |has |also )?(?:booked|called"
                      + "|scheduled|contacted|texted|hired|used|paid|complained)\\b"
                      + "|\\b"
                      + DISCLOSE_VERB
                      + "\\b.{0,60}?\\b"
                      + OTHER_PARTY
                      + " ?"
                      + PERSON_NOUN
                      + "\\b.{0,50}?\\b(?:their|whose) (?:addresses|phone numbers|numbers|emails"
                      + "|names|details|info|information|contact)\\b"
                      + "|\\b"
                      + DISCLOSE_VERB
                      + "\\b.{0,40}?\\b(?:(?:your|the|all) (?:\\w+ )?(?:technicians?|techs?"
                      + "|employees?|staff|workers?|plumbers?|electricians?)'?s? (?:home|personal"
                      + "|private|cell) (?:addresses|address|phone numbers?|numbers?|emails?"
                      + "|details|info)|(?:home|personal|private) (?:addresses|phone numbers"
                      + "|numbers|emails|details) of (?:your|the|all) (?:\\w+ )?(?:technicians|techs"
                      + "|employees|staff|workers|plumbers|electricians))\\b"),

              // --- Spanish
              words(
                  "injection:ignore-instructions",
                  "\\b(?:ignora|ignore|ignorar|ignoren|olvida|olvide|olvidar|olviden|omite"
                      + "|descarta|desobedece)\\b (?:(?:todas|todos|las|los|tus|sus|previas"
                      + "|anteriores|de|el|la|tu|su|sistema|mis|esas|estas|cualquier) ){1,4}"
                      + "(?:instrucciones|reglas|indicaciones|ordenes|directrices|prompt"
                      + "|restricciones|normas)\\b(?! (?:sobre|de la puerta|del portero|que te di"
                      + "|que le di))"),
              words(
                  "injection:ignore-instructions",
                  "\\b(?:olvida(?:te)?|olvide(?:se)?|ignora|ignore) (?:de )?todo (?:lo (?:anterior|de"
                      + " arriba|que te (?:dijeron|han dicho|di(?:je)?))|lo que (?:te )?(?:dijeron|han"
                      + " dicho))\\b"
                      + "|\\b(?:oublie[rsz]?|ignore[rsz]?) (?:tout )?ce qui (?:precede|est (?:au-dessus"
                      + "|ci-dessus|plus haut)|a ete dit)\\b|\\b(?:instructions|consignes|regles)"
                      + " ci-dessus\\b"
                      + "|\\b(?:vergiss|vergessen sie|ignoriere) alles (?:vorherige|davor|bisherige"
                      + "|oben|was (?:man )?dir (?:gesagt|befohlen))"),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:muestra(?:me)?|dime|revela(?:me)?|ensena(?:me)?|repite|imprime|escribe"
                      + "|dame|cual es|cuales son|copia)\\b.{0,30}?\\b(?:(?:tu|su|el) (?:prompt"
                      + "|mensaje) (?:del sistema|de sistema|inicial|original|oculto|secreto)"
                      + "|prompt del sistema|(?:tus|sus|las) instrucciones (?:del sistema"
                      + "|originales|iniciales|ocultas|secretas|internas|de sistema)"
                      + "|mensaje del sistema|indicaciones del sistema)\\b"),
              words(
                  "injection:secret-extraction",
                  "\\b(?:claves?|llaves?|tokens?) (?:de (?:la )?)?api\\b|\\bvariables de entorno\\b"
                      + "|\\b(?:contrasena|credenciales) de (?:la )?(?:base de datos|servidor"
                      + "|administrador)\\b"),
              words(
                  "injection:jailbreak",
                  "\\bmodo (?:desarrollador|dios|sin restricciones|sin filtros|libre|dan)\\b"
                      + "|\\b(?:actua|actue|finge|haz de cuenta) (?:como|que eres)\\b.{0,40}?"
                      + "\\b(?:sin (?:restricciones|reglas|filtros|limites|censura)|ia (?:sin"
                      + "|malvada|libre)|malvad[oa])"
                      + "|\\ba partir de ahora\\b,? (?:eres|seras|vas a (?:ser|responder|ignorar)"
                      + "|responde(?:ras)? (?:como|sin)|actua como|ignora)"),
              words(
                  "injection:cross-tenant",
                  "\\b(?:clientes|datos|informacion|telefonos|direcciones|citas|registros) de"
                      + " (?:otr[oa]s|tod[oa]s l[oa]s|otra|otro) (?:empresas?|negocios?|clientes"
                      + "|companias?|usuarios)\\b"),

              // --- French (accents stripped)
              words(
                  "injection:ignore-instructions",
                  "\\b(?:ignore[rsz]?|oublie[rsz]?|neglige[rsz]?|ne tiens pas compte des)\\b"
                      + " (?:(?:toutes|tous|les|tes|vos|ses|des|de|ton|votre|precedentes"
                      + "|anterieures|systeme|ces) ){1,4}(?:instructions|regles|consignes|directives"
                      + "|prompt|restrictions)\\b"),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:montre|affiche|revele|donne|repete|ecris|dis|imprime|recopie|quel est"
                      + "|quelles sont)(?:[- ]?moi|[- ]?nous|z)?\\b.{0,30}?\\b(?:(?:ton|votre|le"
                      + "|tes|vos|les) (?:prompt|message|invite) (?:systeme|initial|d'origine"
                      + "|cache|secret)|prompt systeme|(?:instructions|consignes) (?:systeme"
                      + "|initiales|d'origine|cachees|secretes|internes))\\b"),
              words(
                  "injection:secret-extraction",
                  "\\bcles? (?:d')?api\\b|\\bcle d'api\\b|\\bvariables d'environnement\\b"
                      + "|\\bmot de passe (?:de la base|du serveur|administrateur|admin)\\b"),
              words(
                  "injection:jailbreak",
                  "\\bmode (?:developpeur|dieu|sans restrictions|sans filtre|libre|dan)\\b"
                      + "|\\b(?:fais semblant|agis|comporte-toi|joue le role)\\b.{0,40}?\\b(?:sans"
                      + " (?:restrictions|regles|filtres|limites|censure)|ia (?:sans|malveillante"
                      + "|libre))"
                      + "|\\ba partir de maintenant\\b,? (?:tu (?:es|seras|vas|dois|reponds"
                      + "|ignores)|vous (?:etes|serez|allez|devez|repondez))"),
              words(
                  "injection:cross-tenant",
                  "\\b(?:clients|donnees|informations|numeros|adresses|rendez-vous) d'(?:autres"
                      + "|une autre) (?:entreprises?|societes?|clients|compagnies)\\b"),

              // --- German (umlauts stripped)
              words(
                  "injection:ignore-instructions",
                  "\\b(?:ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|missachte"
                      + "|uberspringe|verwirf)\\b (?:(?:alle|alles|deine|ihre|die|vorherigen"
                      + "|bisherigen|vorigen|obigen|fruheren|system|bisher|gegebenen|deiner) ){1,4}"
                      + "(?:anweisungen|instruktionen|regeln|vorgaben|richtlinien|befehle|prompt"
                      + "|systemprompt|einschrankungen)\\b"),
              words(
                  "injection:prompt-extraction",
                  "\\b(?:zeig|zeige|gib|nenne|verrate|wiederhole|schreib|schreibe|drucke|was ist"
                      + "|was sind)\\b.{0,30}?\\b(?:(?:deinen|den|dein) system ?prompt|systemprompt"
                      + "|systemnachricht|(?:deine|die) (?:ursprunglichen |geheimen |versteckten"
                      + " |initialen |internen )?(?:anweisungen|instruktionen|systemanweisungen"
                      + "|vorgaben)(?! (?:fur|zum|zur|uber) (?:die|das|den|meine|meinen)))\\b"),
              words(
                  "injection:secret-extraction",
                  "\\bapi[- ]?schlussel\\b|\\bumgebungsvariablen\\b|\\bzugangsdaten (?:zur|der)"
                      + " (?:datenbank|server)\\b|\\bdatenbank ?passwort\\b"),
              words(
                  "injection:jailbreak",
                  "\\bentwicklermodus\\b|\\b(?:tu so|verhalte dich|spiel)\\b.{0,30}?\\b(?:ohne"
                      + " (?:einschrankungen|regeln|filter|grenzen|zensur)|bose ki)"
                      + "|\\bab (?:jetzt|sofort)\\b,? (?:bist du|wirst du|antwortest du|sollst du"
                      + "|ignorierst du)"),
              words(
                  "injection:cross-tenant",
                  "\\b(?:kunden|daten|kundendaten|telefonnummern|adressen|termine) (?:anderer"
                      + "|von anderen|der anderen|aller) (?:firmen|unternehmen|betriebe|kunden"
                      + "|mandanten)\\b"),

              // --- Italian and Portuguese, the most common overrides
              words(
                  "injection:ignore-instructions",
                  "\\b(?:ignora|dimentica|ignore|esqueca|desconsidere)\\b (?:(?:tutte|le|tue|sue"
                      + "|precedenti|todas|as|suas|tuas|anteriores|istruzioni|de|do) ){1,4}"
                      + "(?:istruzioni|regole|instrucoes|regras|diretrizes)\\b")),
          "injection:encoded-payload");

  /** The injection findings in {@code text}, each once; empty when there is none. */
  public List<String> detect(String text) {
    return RULES.findings(text);
  }
}
