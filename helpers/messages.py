"""The catalogue: every learner-facing sentence of the package, in es, en and pt.

Keys are dotted by area. Placeholders use ``str.format`` names and must be the same in the
three languages (a test checks it). Keap's interface labels stay in English, as Keap shows them.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- common -------------------------------------------------------------------------
    "common.yes": {"es": "sí", "en": "yes", "pt": "sim"},
    "common.no": {"es": "no", "en": "no", "pt": "não"},
    "common.see_lesson": {
        "es": "Más detalles en la lección {lesson}.",
        "en": "More in lesson {lesson}.",
        "pt": "Mais detalhes na lição {lesson}.",
    },
}

# --- lessons named in messages (helpers/lessons.py) ------------------------------------------
MESSAGES.update({
    "lessons.label": {
        "es": "{number}, «{title}»",
        "en": "{number}, \u201c{title}\u201d",
        "pt": "{number}, \u201c{title}\u201d",
    },
})

# --- application name (helpers/credentials.py) --------------------------------------------
MESSAGES.update({
    "app_name.empty.message": {
        "es": "El nombre de la aplicación está vacío.",
        "en": "The application name is empty.",
        "pt": "O nome do aplicativo está vazio.",
    },
    "app_name.empty.fix": {
        "es": "Escribe el nombre de tu aplicación (por ejemplo ab123) o pega la dirección de tu cuenta Keap.",
        "en": "Type your application name (for example ab123) or paste your Keap account's address.",
        "pt": "Digite o nome do seu aplicativo (por exemplo ab123) ou cole o endereço da sua conta Keap.",
    },
    "app_name.is_key.message": {
        "es": "Eso parece una clave de API, no el nombre de la aplicación.",
        "en": "That looks like an API key, not the application name.",
        "pt": "Isso parece uma chave de API, não o nome do aplicativo.",
    },
    "app_name.is_key.fix": {
        "es": "Pega la clave en el campo de la clave. En este campo va el nombre corto de la cuenta, como ab123.",
        "en": "Paste the key into the key field. This field takes the account's short name, such as ab123.",
        "pt": "Cole a chave no campo da chave. Este campo recebe o nome curto da conta, como ab123.",
    },
    "app_name.email.message": {
        "es": "Eso es una dirección de correo, no el nombre de la aplicación.",
        "en": "That is an email address, not the application name.",
        "pt": "Isso é um endereço de e-mail, não o nome do aplicativo.",
    },
    "app_name.email.fix": {
        "es": "El nombre de la aplicación está en la dirección de tu cuenta: en https://ab123.infusionsoft.com es ab123.",
        "en": "The application name is in your account's address: in https://ab123.infusionsoft.com it is ab123.",
        "pt": "O nome do aplicativo está no endereço da sua conta: em https://ab123.infusionsoft.com é ab123.",
    },
    "app_name.spaces.message": {
        "es": "El nombre de la aplicación no puede tener espacios dentro.",
        "en": "The application name cannot contain spaces.",
        "pt": "O nome do aplicativo não pode ter espaços.",
    },
    "app_name.spaces.fix": {
        "es": "Escríbelo todo junto, solo letras y números, por ejemplo ab123.",
        "en": "Write it as one word, letters and digits only, for example ab123.",
        "pt": "Escreva tudo junto, só letras e números, por exemplo ab123.",
    },
    "app_name.symbols.message": {
        "es": "El nombre de la aplicación tiene un carácter que no corresponde: «{char}».",
        "en": "The application name has a character that does not belong: \u201c{char}\u201d.",
        "pt": "O nome do aplicativo tem um caractere que não pertence a ele: \u201c{char}\u201d.",
    },
    "app_name.symbols.fix": {
        "es": "Usa solo letras minúsculas y números (por ejemplo ab123), o pega la dirección completa de tu cuenta.",
        "en": "Use lowercase letters and digits only (for example ab123), or paste your account's full address.",
        "pt": "Use só letras minúsculas e números (por exemplo ab123), ou cole o endereço completo da sua conta.",
    },
    "app_name.length.message": {
        "es": "El nombre de la aplicación tiene {length} caracteres; es demasiado corto o demasiado largo.",
        "en": "The application name has {length} characters: too short or too long.",
        "pt": "O nome do aplicativo tem {length} caracteres: curto ou longo demais.",
    },
    "app_name.length.fix": {
        "es": "Suele tener 2 o 3 letras y 3 números, como ab123 o zex739. Cópialo otra vez de la dirección de tu cuenta.",
        "en": "It usually has 2 or 3 letters and 3 digits, like ab123 or zex739. Copy it again from your account's address.",
        "pt": "Normalmente tem 2 ou 3 letras e 3 números, como ab123 ou zex739. Copie de novo do endereço da sua conta.",
    },
    "app_name.keap_service_host.message": {
        "es": "{host} es una dirección de Keap, no la de tu cuenta.",
        "en": "{host} is one of Keap's own addresses, not your account's.",
        "pt": "{host} é um endereço do próprio Keap, não o da sua conta.",
    },
    "app_name.keap_service_host.fix": {
        "es": "Entra en tu cuenta y copia la dirección que aparece después de iniciar sesión, como https://ab123.infusionsoft.com.",
        "en": "Sign in to your account and copy the address shown after you sign in, such as https://ab123.infusionsoft.com.",
        "pt": "Entre na sua conta e copie o endereço que aparece depois do login, como https://ab123.infusionsoft.com.",
    },
    "app_name.keap_url_without_id.message": {
        "es": "Esta dirección de Keap ({host}) no contiene el nombre de la aplicación.",
        "en": "This Keap address ({host}) does not contain the application name.",
        "pt": "Este endereço do Keap ({host}) não contém o nome do aplicativo.",
    },
    "app_name.keap_url_without_id.fix": {
        "es": "La interfaz nueva de Keap (keap.app) no lo muestra en la barra de direcciones. Búscalo en un enlace de pago o de formulario de tu cuenta, en Max Classic, o pregunta al soporte de Keap.",
        "en": "Keap's newer interface (keap.app) does not show it in the address bar. Look for it in a checkout or form link of your account, in Max Classic, or ask Keap support.",
        "pt": "A interface nova do Keap (keap.app) não o mostra na barra de endereços. Procure-o em um link de checkout ou de formulário da sua conta, no Max Classic, ou pergunte ao suporte do Keap.",
    },
    "app_name.other_site.message": {
        "es": "{host} no es una dirección de Keap.",
        "en": "{host} is not a Keap address.",
        "pt": "{host} não é um endereço do Keap.",
    },
    "app_name.other_site.fix": {
        "es": "Pega la dirección de tu cuenta Keap (termina en .infusionsoft.com) o escribe solo el nombre, como ab123.",
        "en": "Paste your Keap account's address (it ends in .infusionsoft.com) or type just the name, such as ab123.",
        "pt": "Cole o endereço da sua conta Keap (termina em .infusionsoft.com) ou digite só o nome, como ab123.",
    },
    "app_name.note_from_url": {
        "es": "Nombre de la aplicación tomado de la dirección pegada.",
        "en": "Application name taken from the pasted address.",
        "pt": "Nome do aplicativo extraído do endereço colado.",
    },
    "app_name.note_lowercased": {
        "es": "Pasamos el nombre de la aplicación a minúsculas.",
        "en": "The application name was changed to lowercase.",
        "pt": "Passamos o nome do aplicativo para minúsculas.",
    },
    "app_name.note_unusual": {
        "es": "El nombre no sigue el patrón habitual (2 o 3 letras y 3 números). Puede ser correcto; compruébalo.",
        "en": "The name does not follow the usual pattern (2 or 3 letters and 3 digits). It may be right; double-check it.",
        "pt": "O nome não segue o padrão habitual (2 ou 3 letras e 3 números). Pode estar certo; confira.",
    },
})

# --- API key (helpers/credentials.py) -----------------------------------------------------
MESSAGES.update({
    "key.empty.message": {
        "es": "La clave de API está vacía.",
        "en": "The API key is empty.",
        "pt": "A chave de API está vazia.",
    },
    "key.empty.fix": {
        "es": "Pega la clave que Keap te mostró al crearla (empieza por KeapAK-).",
        "en": "Paste the key Keap showed you when you created it (it starts with KeapAK-).",
        "pt": "Cole a chave que o Keap mostrou quando você a criou (começa com KeapAK-).",
    },
    "key.line_break.message": {
        "es": "La clave tiene un salto de línea dentro: se copió partida en dos.",
        "en": "The key has a line break inside: it was copied in two pieces.",
        "pt": "A chave tem uma quebra de linha no meio: foi copiada em dois pedaços.",
    },
    "key.line_break.fix": {
        "es": "Cópiala de nuevo en una sola línea (por ejemplo con el botón de copiar) y pégala otra vez.",
        "en": "Copy it again as one line (for example with the copy button) and paste it again.",
        "pt": "Copie de novo em uma só linha (por exemplo com o botão de copiar) e cole outra vez.",
    },
    "key.shortened_copy.message": {
        "es": "Eso es la versión recortada de la clave (con «...» o asteriscos), la que muestra la lista de claves.",
        "en": "That is the shortened key (with \u201c...\u201d or asterisks) that the key list shows.",
        "pt": "Essa é a versão encurtada da chave (com \u201c...\u201d ou asteriscos) que a lista de chaves mostra.",
    },
    "key.shortened_copy.fix": {
        "es": "Keap muestra la clave completa una sola vez. Si no la guardaste, crea una clave nueva en API Settings y borra la antigua.",
        "en": "Keap shows the full key only once. If you did not keep it, create a new key in API Settings and delete the old one.",
        "pt": "O Keap mostra a chave completa uma única vez. Se você não a guardou, crie uma chave nova em API Settings e apague a antiga.",
    },
    "key.prefix_case.message": {
        "es": "La clave empieza por «keapak-» con otras mayúsculas; Keap la escribe «KeapAK-».",
        "en": "The key starts with \u201ckeapak-\u201d in other capitals; Keap writes it \u201cKeapAK-\u201d.",
        "pt": "A chave começa com \u201ckeapak-\u201d com outras maiúsculas; o Keap escreve \u201cKeapAK-\u201d.",
    },
    "key.prefix_case.fix": {
        "es": "Las claves distinguen mayúsculas y minúsculas: cópiala de nuevo en vez de escribirla a mano.",
        "en": "Keys are case-sensitive: copy it again instead of typing it.",
        "pt": "As chaves diferenciam maiúsculas de minúsculas: copie de novo em vez de digitar.",
    },
    "key.bad_characters.message": {
        "es": "La clave tiene caracteres que una clave de Keap no lleva (espacios o símbolos).",
        "en": "The key has characters a Keap key does not contain (spaces or symbols).",
        "pt": "A chave tem caracteres que uma chave do Keap não tem (espaços ou símbolos).",
    },
    "key.bad_characters.fix": {
        "es": "Cópiala de nuevo tal cual, sin añadir nada antes ni después.",
        "en": "Copy it again exactly, adding nothing before or after it.",
        "pt": "Copie de novo exatamente, sem acrescentar nada antes ou depois.",
    },
    "key.truncated.message": {
        "es": "La clave está incompleta: tiene {length} caracteres y las claves de este tipo tienen {expected} (según los ejemplos públicos).",
        "en": "The key is incomplete: it has {length} characters and keys of this kind have {expected} (as far as public examples show).",
        "pt": "A chave está incompleta: tem {length} caracteres e chaves deste tipo têm {expected} (pelo que mostram os exemplos públicos).",
    },
    "key.truncated.fix": {
        "es": "Vuelve a copiarla entera; si ya no la ves completa en Keap, crea una nueva.",
        "en": "Copy the whole key again; if Keap no longer shows it in full, create a new one.",
        "pt": "Copie a chave inteira de novo; se o Keap não a mostra mais completa, crie uma nova.",
    },
    "key.text_around.message": {
        "es": "Hay texto pegado junto a la clave.",
        "en": "There is text pasted along with the key.",
        "pt": "Há texto colado junto com a chave.",
    },
    "key.text_around.fix": {
        "es": "Pega solo la clave, desde «KeapAK-» hasta su último carácter.",
        "en": "Paste only the key, from \u201cKeapAK-\u201d to its last character.",
        "pt": "Cole só a chave, de \u201cKeapAK-\u201d até o último caractere.",
    },
    "key.looks_like_passphrase.message": {
        "es": "Eso parece una contraseña o la API Passphrase, no la clave.",
        "en": "That looks like a password or the API Passphrase, not the key.",
        "pt": "Isso parece uma senha ou a API Passphrase, não a chave.",
    },
    "key.looks_like_passphrase.fix": {
        "es": "La frase la eliges tú; la clave la genera Keap: una Service Account Key o un Personal Access Token empiezan por KeapAK-, y la antigua Encrypted Key tiene 32 letras y números.",
        "en": "You choose the passphrase; Keap generates the key: a Service Account Key or Personal Access Token starts with KeapAK-, and the old Encrypted Key has 32 letters and digits.",
        "pt": "A frase é você quem escolhe; a chave é o Keap quem gera: uma Service Account Key ou um Personal Access Token começam com KeapAK-, e a antiga Encrypted Key tem 32 letras e números.",
    },
    "key.is_app_name.message": {
        "es": "Eso parece el nombre de la aplicación, no la clave.",
        "en": "That looks like the application name, not the key.",
        "pt": "Isso parece o nome do aplicativo, não a chave.",
    },
    "key.is_app_name.fix": {
        "es": "Pon el nombre (como ab123) en su propio campo y aquí la clave que empieza por KeapAK-.",
        "en": "Put the name (such as ab123) in its own field, and here the key that starts with KeapAK-.",
        "pt": "Coloque o nome (como ab123) no campo dele, e aqui a chave que começa com KeapAK-.",
    },
    "key.oauth_client_id.message": {
        "es": "Eso parece un Client ID o Client Secret de OAuth (del portal de desarrolladores de Keap), no una clave de API de la cuenta.",
        "en": "That looks like an OAuth Client ID or Client Secret (from Keap's developer portal), not an account API key.",
        "pt": "Isso parece um Client ID ou Client Secret de OAuth (do portal de desenvolvedores do Keap), não uma chave de API da conta.",
    },
    "key.oauth_client_id.fix": {
        "es": "Crea una Service Account Key o un Personal Access Token en Settings \u2192 API Settings de tu cuenta y pégala aquí.",
        "en": "Create a Service Account Key or Personal Access Token in your account's Settings \u2192 API Settings and paste it here.",
        "pt": "Crie uma Service Account Key ou um Personal Access Token em Settings \u2192 API Settings da sua conta e cole aqui.",
    },
    "key.unknown_format.message": {
        "es": "No reconocemos esta clave ({length} caracteres): no empieza por KeapAK- ni es una Encrypted Key de 32 caracteres.",
        "en": "This key is not recognised ({length} characters): it neither starts with KeapAK- nor is a 32-character Encrypted Key.",
        "pt": "Não reconhecemos esta chave ({length} caracteres): não começa com KeapAK- nem é uma Encrypted Key de 32 caracteres.",
    },
    "key.unknown_format.fix": {
        "es": "Copia la clave desde Settings \u2192 API Settings justo al crearla, y pégala sin cambios.",
        "en": "Copy the key from Settings \u2192 API Settings right when you create it, and paste it unchanged.",
        "pt": "Copie a chave em Settings \u2192 API Settings logo ao criá-la, e cole sem mudanças.",
    },
    "key.cleaned_spaces": {
        "es": "Quitamos espacios o saltos de línea alrededor de la clave.",
        "en": "Spaces or line breaks around the key were removed.",
        "pt": "Removemos espaços ou quebras de linha ao redor da chave.",
    },
    "key.cleaned_quotes": {
        "es": "Quitamos las comillas alrededor de la clave.",
        "en": "The quotes around the key were removed.",
        "pt": "Removemos as aspas ao redor da chave.",
    },
    "key.cleaned_header": {
        "es": "Quitamos el nombre de cabecera pegado delante de la clave (Bearer, X-Keap-API-Key o Authorization).",
        "en": "The header name pasted before the key (Bearer, X-Keap-API-Key or Authorization) was removed.",
        "pt": "Removemos o nome de cabeçalho colado antes da chave (Bearer, X-Keap-API-Key ou Authorization).",
    },
    "kind.keap": {
        "es": "Service Account Key o Personal Access Token",
        "en": "Service Account Key or Personal Access Token",
        "pt": "Service Account Key ou Personal Access Token",
    },
    "kind.legacy": {
        "es": "Encrypted Key antigua (retirada por Keap)",
        "en": "old Encrypted Key (retired by Keap)",
        "pt": "Encrypted Key antiga (aposentada pelo Keap)",
    },
    "kind.unknown": {
        "es": "clave no reconocida",
        "en": "unrecognised key",
        "pt": "chave não reconhecida",
    },
})

# --- destinations and mode (helpers/config.py) ----------------------------------------------
MESSAGES.update({
    "destination.unsafe.message": {
        "es": "No enviamos la clave a {host} ({scheme}): solo viaja por HTTPS a los servidores de la API de Keap o al sandbox de este ordenador.",
        "en": "The key is not sent to {host} ({scheme}): it only travels over HTTPS to Keap's API servers or to the sandbox on this computer.",
        "pt": "Não enviamos a chave para {host} ({scheme}): ela só viaja por HTTPS para os servidores da API do Keap ou para o sandbox deste computador.",
    },
    "destination.unsafe.fix": {
        "es": "Quita KEAP_API_BASE_URL o ponle https://api.infusionsoft.com (Keap) o la dirección http://127.0.0.1:PUERTO del sandbox.",
        "en": "Remove KEAP_API_BASE_URL or set it to https://api.infusionsoft.com (Keap) or the sandbox's http://127.0.0.1:PORT address.",
        "pt": "Remova KEAP_API_BASE_URL ou defina como https://api.infusionsoft.com (Keap) ou o endereço http://127.0.0.1:PORTA do sandbox.",
    },
    "mode.sandbox": {
        "es": "sandbox local (Keap simulado en este ordenador)",
        "en": "local sandbox (Keap simulated on this computer)",
        "pt": "sandbox local (Keap simulado neste computador)",
    },
    "mode.keap": {
        "es": "Keap real",
        "en": "real Keap",
        "pt": "Keap real",
    },
})

# --- check results and causes (helpers/client.py, helpers/diagnose.py, helpers/result.py) -----
def _cause(name: str, es: tuple[str, str], en: tuple[str, str], pt: tuple[str, str]) -> None:
    """Add a cause's message and fix in the three languages."""
    MESSAGES[f"cause.{name}.message"] = {"es": es[0], "en": en[0], "pt": pt[0]}
    MESSAGES[f"cause.{name}.fix"] = {"es": es[1], "en": en[1], "pt": pt[1]}


_cause("ok",
       ("La clave funciona: Keap respondió y dijo a quién pertenece.", ""),
       ("The key works: Keap answered and said whom it belongs to.", ""),
       ("A chave funciona: o Keap respondeu e disse a quem ela pertence.", ""))
_cause("dns",
       ("No se encontró el servidor: su nombre no existe o no se puede resolver.",
        "Revisa la dirección (KEAP_API_BASE_URL) y el nombre de la aplicación; si usas una red con filtro, prueba en otra."),
       ("The server was not found: its name does not exist or cannot be resolved.",
        "Check the address (KEAP_API_BASE_URL) and the application name; on a filtered network, try another one."),
       ("O servidor não foi encontrado: o nome não existe ou não pode ser resolvido.",
        "Confira o endereço (KEAP_API_BASE_URL) e o nome do aplicativo; em uma rede com filtro, tente outra."))
_cause("offline",
       ("Este ordenador no tiene conexión a internet (o no llega a la red de Keap).",
        "Comprueba la wifi o el cable y vuelve a probar. Sin conexión puedes seguir practicando con el sandbox."),
       ("This computer has no internet connection (or cannot reach Keap's network).",
        "Check the wifi or cable and try again. Offline, you can keep practising with the sandbox."),
       ("Este computador está sem internet (ou não alcança a rede do Keap).",
        "Verifique o wi-fi ou o cabo e tente de novo. Sem conexão, você pode continuar praticando com o sandbox."))
_cause("refused",
       ("El servidor rechazó la conexión: no hay nada escuchando en esa dirección y puerto.",
        "Si usas el sandbox, arráncalo otra vez (la celda de inicio o python -m helpers.sandbox) y copia su dirección exacta."),
       ("The server refused the connection: nothing is listening at that address and port.",
        "If you use the sandbox, start it again (the start cell or python -m helpers.sandbox) and copy its exact address."),
       ("O servidor recusou a conexão: não há nada ouvindo nesse endereço e porta.",
        "Se você usa o sandbox, inicie-o de novo (a célula inicial ou python -m helpers.sandbox) e copie o endereço exato."))
_cause("tls",
       ("La conexión segura (HTTPS) falló: no se pudo comprobar el certificado del servidor.",
        "Revisa la fecha y hora del ordenador; en redes de empresa o de hotel, un proxy puede interceptar HTTPS: prueba en otra red."),
       ("The secure connection (HTTPS) failed: the server's certificate could not be verified.",
        "Check the computer's date and time; on company or hotel networks a proxy may intercept HTTPS: try another network."),
       ("A conexão segura (HTTPS) falhou: o certificado do servidor não pôde ser verificado.",
        "Confira a data e a hora do computador; em redes de empresa ou de hotel um proxy pode interceptar o HTTPS: tente outra rede."))
_cause("connect_timeout",
       ("No se pudo conectar con el servidor a tiempo.",
        "Puede ser la red o un cortafuegos. Vuelve a probar en un momento o desde otra red."),
       ("Could not connect to the server in time.",
        "It may be the network or a firewall. Try again in a moment or from another network."),
       ("Não foi possível conectar ao servidor a tempo.",
        "Pode ser a rede ou um firewall. Tente de novo em instantes ou de outra rede."))
_cause("read_timeout",
       ("El servidor aceptó la conexión pero no respondió en {seconds} segundos.",
        "Keap puede estar lento en este momento: espera un minuto y vuelve a probar, o sube el tiempo de espera (timeout)."),
       ("The server accepted the connection but did not answer within {seconds} seconds.",
        "Keap may be slow right now: wait a minute and try again, or raise the timeout."),
       ("O servidor aceitou a conexão mas não respondeu em {seconds} segundos.",
        "O Keap pode estar lento agora: espere um minuto e tente de novo, ou aumente o tempo de espera (timeout)."))
_cause("dropped",
       ("La conexión se cortó antes de recibir la respuesta.",
        "Suele ser pasajero: vuelve a probar. Si se repite, revisa la red o un proxy."),
       ("The connection was cut before the answer arrived.",
        "It is usually temporary: try again. If it keeps happening, check the network or a proxy."),
       ("A conexão caiu antes de a resposta chegar.",
        "Costuma ser passageiro: tente de novo. Se continuar, verifique a rede ou um proxy."))
_cause("unexpected",
       ("La petición falló por un motivo de red poco habitual.",
        "Vuelve a probar; si se repite, prueba desde otra red o con el sandbox para descartar tu conexión."),
       ("The request failed for an unusual network reason.",
        "Try again; if it repeats, try another network or the sandbox to rule out your connection."),
       ("A requisição falhou por um motivo de rede incomum.",
        "Tente de novo; se repetir, tente outra rede ou o sandbox para descartar sua conexão."))
_cause("redirect",
       ("El servidor quiso redirigirnos a otra dirección ({host}); no la seguimos para no enviar la clave a otro sitio.",
        "Usa la dirección de la API (https://api.infusionsoft.com), no la de la web de Keap ni una página de inicio de sesión."),
       ("The server tried to redirect us to another address ({host}); we did not follow, so the key goes nowhere else.",
        "Use the API's address (https://api.infusionsoft.com), not Keap's website or a sign-in page."),
       ("O servidor tentou nos redirecionar para outro endereço ({host}); não seguimos, para a chave não ir a outro lugar.",
        "Use o endereço da API (https://api.infusionsoft.com), não o site do Keap nem uma página de login."))
_cause("missing_key",
       ("Keap no recibió ninguna clave (error oauth.v2.InvalidAccessToken).",
        "Envía la clave en la cabecera X-Keap-API-Key (o Authorization: Bearer) y comprueba que la variable KEAP_API_KEY no esté vacía."),
       ("Keap received no key (error oauth.v2.InvalidAccessToken).",
        "Send the key in the X-Keap-API-Key header (or Authorization: Bearer) and check that KEAP_API_KEY is not empty."),
       ("O Keap não recebeu nenhuma chave (erro oauth.v2.InvalidAccessToken).",
        "Envie a chave no cabeçalho X-Keap-API-Key (ou Authorization: Bearer) e confira se KEAP_API_KEY não está vazia."))
_cause("invalid_key",
       ("Keap rechazó la clave: no existe o fue revocada (borrada en API Settings).",
        "Abre Settings \u2192 API Settings, comprueba que la clave sigue en la lista; si no, crea una nueva (se muestra una sola vez) y pégala aquí."),
       ("Keap rejected the key: it does not exist or was revoked (deleted in API Settings).",
        "Open Settings \u2192 API Settings and check the key is still listed; if not, create a new one (shown only once) and paste it here."),
       ("O Keap recusou a chave: ela não existe ou foi revogada (apagada em API Settings).",
        "Abra Settings \u2192 API Settings e confira se a chave ainda está na lista; se não, crie uma nova (mostrada uma só vez) e cole aqui."))
_cause("legacy_retired",
       ("Keap rechazó la Encrypted Key antigua: Keap retiró estas claves (fecha de corte: 31 de octubre de 2024).",
        "Crea una Service Account Key (si eres administrador) o un Personal Access Token en Settings \u2192 API Settings y úsala en lugar de la antigua."),
       ("Keap rejected the old Encrypted Key: Keap retired these keys (cut-off date: 31 October 2024).",
        "Create a Service Account Key (if you are an admin) or a Personal Access Token in Settings \u2192 API Settings and use it instead."),
       ("O Keap recusou a Encrypted Key antiga: o Keap aposentou essas chaves (data de corte: 31 de outubro de 2024).",
        "Crie uma Service Account Key (se você é administrador) ou um Personal Access Token em Settings \u2192 API Settings e use-a no lugar da antiga."))
_cause("forbidden",
       ("Keap reconoció la clave pero no le da permiso para esta consulta (HTTP 403).",
        "Un Personal Access Token solo ve lo que ve su usuario: usa una Service Account Key creada por un administrador, o pide más permisos."),
       ("Keap recognised the key but does not allow this request (HTTP 403).",
        "A Personal Access Token sees only what its user sees: use a Service Account Key made by an admin, or ask for more permissions."),
       ("O Keap reconheceu a chave mas não permite esta consulta (HTTP 403).",
        "Um Personal Access Token só vê o que o usuário dele vê: use uma Service Account Key criada por um administrador, ou peça mais permissões."))
_cause("spike_arrest",
       ("Demasiadas peticiones en muy poco tiempo (Spike arrest): Keap frena los picos por segundo.",
        "Espera un par de segundos y vuelve a probar; en tu programa, espacia las llamadas y reintenta con esperas crecientes."),
       ("Too many requests too quickly (Spike arrest): Keap limits bursts per second.",
        "Wait a couple of seconds and try again; in your program, space the calls out and retry with growing waits."),
       ("Requisições demais em pouco tempo (Spike arrest): o Keap limita picos por segundo.",
        "Espere alguns segundos e tente de novo; no seu programa, espace as chamadas e repita com esperas crescentes."))
_cause("quota_exceeded",
       ("Se agotó la cuota diaria de esta clave (Keap: 30.000 peticiones al día por clave).",
        "La cuota se renueva a las 00:00 UTC y no se puede ampliar; espera a esa hora o reparte el trabajo entre integraciones con su propia clave."),
       ("This key's daily quota is used up (Keap: 30,000 requests a day per key).",
        "The quota resets at 00:00 UTC and cannot be raised; wait until then or split the work between integrations with their own keys."),
       ("A cota diária desta chave acabou (Keap: 30.000 requisições por dia por chave).",
        "A cota renova às 00:00 UTC e não pode ser aumentada; espere esse horário ou divida o trabalho entre integrações com chaves próprias."))
_cause("rate_limited",
       ("Keap está limitando las peticiones (HTTP 429).",
        "Espera un minuto y vuelve a probar; en tu programa, reintenta con esperas crecientes."),
       ("Keap is throttling requests (HTTP 429).",
        "Wait a minute and try again; in your program, retry with growing waits."),
       ("O Keap está limitando as requisições (HTTP 429).",
        "Espere um minuto e tente de novo; no seu programa, repita com esperas crescentes."))
_cause("server_error",
       ("El servidor de Keap tuvo un error propio (HTTP {status}); tu clave no tiene la culpa.",
        "Espera unos minutos y vuelve a probar; si dura, mira el estado del servicio de Keap o contacta con su soporte."),
       ("Keap's server had an error of its own (HTTP {status}); your key is not to blame.",
        "Wait a few minutes and try again; if it lasts, check Keap's service status or contact its support."),
       ("O servidor do Keap teve um erro próprio (HTTP {status}); a sua chave não tem culpa.",
        "Espere alguns minutos e tente de novo; se continuar, veja o status do serviço do Keap ou fale com o suporte."))
_cause("html_response",
       ("Llegó una página web (HTML) en lugar de una respuesta de la API.",
        "La dirección apunta a una web o a una página de inicio de sesión: usa https://api.infusionsoft.com, o revisa si una red con portal cautivo (wifi de hotel) pide iniciar sesión."),
       ("A web page (HTML) arrived instead of an API answer.",
        "The address points to a website or a sign-in page: use https://api.infusionsoft.com, or check whether a captive-portal network (hotel wifi) wants you to sign in."),
       ("Chegou uma página web (HTML) em vez de uma resposta da API.",
        "O endereço aponta para um site ou uma página de login: use https://api.infusionsoft.com, ou veja se uma rede com portal cativo (wi-fi de hotel) pede login."))
_cause("malformed_response",
       ("La respuesta llegó rota: no se pudo leer (JSON o XML incompleto).",
        "Suele ser un fallo pasajero o un proxy que corta respuestas: vuelve a probar o usa otra red."),
       ("The answer arrived broken: it could not be read (incomplete JSON or XML).",
        "This is usually temporary, or a proxy cutting answers: try again or use another network."),
       ("A resposta chegou quebrada: não foi possível lê-la (JSON ou XML incompleto).",
        "Costuma ser passageiro, ou um proxy cortando respostas: tente de novo ou use outra rede."))
_cause("unexpected_status",
       ("Keap respondió con un código inesperado (HTTP {status}).",
        "Vuelve a probar; si se repite, anota el código y consúltalo en la lección de errores o con el soporte de Keap."),
       ("Keap answered with an unexpected code (HTTP {status}).",
        "Try again; if it repeats, note the code and look it up in the troubleshooting lesson or with Keap support."),
       ("O Keap respondeu com um código inesperado (HTTP {status}).",
        "Tente de novo; se repetir, anote o código e consulte a lição de erros ou o suporte do Keap."))
_cause("xmlrpc_invalid_key",
       ("La API XML-RPC rechazó la clave: «{fault}».",
        "Las Encrypted Key antiguas ya no sirven: crea una Service Account Key o un Personal Access Token en Settings \u2192 API Settings."),
       ("The XML-RPC API rejected the key: \u201c{fault}\u201d.",
        "Old Encrypted Keys no longer work: create a Service Account Key or Personal Access Token in Settings \u2192 API Settings."),
       ("A API XML-RPC recusou a chave: \u201c{fault}\u201d.",
        "As Encrypted Key antigas não servem mais: crie uma Service Account Key ou um Personal Access Token em Settings \u2192 API Settings."))
_cause("xmlrpc_fault",
       ("La API XML-RPC devolvió un error: «{fault}».",
        "Lee el mensaje: suele nombrar el método o el dato que falla. Si habla de la clave, crea una nueva en API Settings."),
       ("The XML-RPC API returned an error: \u201c{fault}\u201d.",
        "Read the message: it usually names the method or value at fault. If it mentions the key, create a new one in API Settings."),
       ("A API XML-RPC devolveu um erro: \u201c{fault}\u201d.",
        "Leia a mensagem: ela costuma dizer o método ou o dado com problema. Se falar da chave, crie uma nova em API Settings."))

MESSAGES.update({
    "result.ok": {"es": "Conexión correcta", "en": "Connection works", "pt": "Conexão funcionando"},
    "result.failed": {"es": "La conexión falló", "en": "The connection failed", "pt": "A conexão falhou"},
    "result.key": {"es": "Clave", "en": "Key", "pt": "Chave"},
    "result.mode": {"es": "Destino", "en": "Target", "pt": "Destino"},
    "result.request": {"es": "Petición", "en": "Request", "pt": "Requisição"},
    "result.account": {"es": "Cuenta", "en": "Account", "pt": "Conta"},
    "result.usage": {"es": "Uso", "en": "Usage", "pt": "Uso"},
    "result.retry": {"es": "Reintentar", "en": "Retry", "pt": "Tentar de novo"},
    "result.retry_seconds": {
        "es": "dentro de {seconds} s como pronto",
        "en": "in {seconds} s at the earliest",
        "pt": "daqui a {seconds} s, no mínimo",
    },
    "result.cause": {"es": "Causa", "en": "Cause", "pt": "Causa"},
    "result.fix": {"es": "Qué hacer", "en": "What to do", "pt": "O que fazer"},
    "result.warning": {"es": "Aviso", "en": "Warning", "pt": "Aviso"},
    "usage.day": {
        "es": "usadas {used} de {limit} hoy",
        "en": "used {used} of {limit} today",
        "pt": "usadas {used} de {limit} hoje",
    },
    "usage.minute": {
        "es": "{used} de {limit} en este minuto",
        "en": "{used} of {limit} this minute",
        "pt": "{used} de {limit} neste minuto",
    },
    "warning.tenant_mismatch": {
        "es": "Keap dice que la clave es de la cuenta «{tenant}», pero escribiste «{app}». Comprueba que usas la clave de la cuenta correcta (según las fuentes públicas, tenant_id debería ser el nombre de la aplicación; Keap no lo documenta).",
        "en": "Keap says the key belongs to account \u201c{tenant}\u201d, but you typed \u201c{app}\u201d. Check you are using the right account's key (as far as public sources show, tenant_id should be the application name; Keap does not document it).",
        "pt": "O Keap diz que a chave é da conta \u201c{tenant}\u201d, mas você digitou \u201c{app}\u201d. Confira se está usando a chave da conta certa (pelas fontes públicas, tenant_id deveria ser o nome do aplicativo; o Keap não documenta isso).",
    },
    "warning.legacy_key": {
        "es": "Es una Encrypted Key antigua. Keap anunció que las revocaría todas a principios de 2025; aunque hoy responda, cámbiala cuanto antes por una Service Account Key.",
        "en": "This is an old Encrypted Key. Keap announced it would revoke them all in early 2025; even if it still works today, replace it with a Service Account Key soon.",
        "pt": "É uma Encrypted Key antiga. O Keap anunciou que revogaria todas no começo de 2025; mesmo que responda hoje, troque-a logo por uma Service Account Key.",
    },
})

# --- credentials file (helpers/storage.py) ------------------------------------------------
MESSAGES.update({
    "storage.exists.message": {
        "es": "{path} ya guarda otro nombre de aplicación u otra clave.",
        "en": "{path} already holds another application name or key.",
        "pt": "{path} já guarda outro nome de aplicativo ou outra chave.",
    },
    "storage.exists.fix": {
        "es": "No lo hemos tocado. Para sustituirlos, guarda de nuevo con replace=True (o marca «Reemplazar»).",
        "en": "It was left untouched. To replace them, save again with replace=True (or tick \u201cReplace\u201d).",
        "pt": "Não mexemos nele. Para substituir, salve de novo com replace=True (ou marque \u201cSubstituir\u201d).",
    },
    "storage.unreadable.message": {
        "es": "No se pudo leer {path} ({reason}).",
        "en": "{path} could not be read ({reason}).",
        "pt": "Não foi possível ler {path} ({reason}).",
    },
    "storage.unreadable.fix": {
        "es": "Comprueba que el archivo existe, que es texto y que tienes permiso para leerlo.",
        "en": "Check that the file exists, is text, and that you may read it.",
        "pt": "Confira se o arquivo existe, se é texto e se você tem permissão para lê-lo.",
    },
    "storage.unwritable.message": {
        "es": "No se pudo escribir {path} ({reason}); lo que ya tenía sigue intacto.",
        "en": "{path} could not be written ({reason}); what it held is intact.",
        "pt": "Não foi possível gravar {path} ({reason}); o que ele tinha continua intacto.",
    },
    "storage.unwritable.fix": {
        "es": "Guarda en una carpeta donde puedas escribir (por ejemplo tu carpeta personal).",
        "en": "Save into a folder you can write to (for example your home folder).",
        "pt": "Salve em uma pasta onde você possa gravar (por exemplo sua pasta pessoal).",
    },
    "storage.tracked": {
        "es": "Cuidado: git ya sigue el archivo {path}. Sácalo del repositorio (git rm --cached {path}) y añádelo a .gitignore.",
        "en": "Careful: git already tracks {path}. Take it out of the repository (git rm --cached {path}) and add it to .gitignore.",
        "pt": "Cuidado: o git já acompanha o arquivo {path}. Tire-o do repositório (git rm --cached {path}) e adicione ao .gitignore.",
    },
    "storage.not_ignored": {
        "es": "Cuidado: {path} está en un repositorio git y no está en .gitignore; añádelo para no publicar la clave.",
        "en": "Careful: {path} is in a git repository and not in .gitignore; add it so the key is never published.",
        "pt": "Cuidado: {path} está em um repositório git e não está no .gitignore; adicione-o para não publicar a chave.",
    },
})

# --- command line (helpers/check.py) --------------------------------------------------------
MESSAGES.update({
    "cli.check.description": {
        "es": "Prueba la clave de KEAP_API_KEY / .env contra Keap o el sandbox.",
        "en": "Test the key from KEAP_API_KEY / .env against Keap or the sandbox.",
        "pt": "Testa a chave de KEAP_API_KEY / .env no Keap ou no sandbox.",
    },
    "cli.check.missing": {
        "es": "Faltan credenciales: define KEAP_APP_NAME y KEAP_API_KEY (variables de entorno o archivo .env). La clave nunca va en la línea de comandos.",
        "en": "Credentials are missing: set KEAP_APP_NAME and KEAP_API_KEY (environment variables or a .env file). The key never goes on the command line.",
        "pt": "Faltam credenciais: defina KEAP_APP_NAME e KEAP_API_KEY (variáveis de ambiente ou arquivo .env). A chave nunca vai na linha de comando.",
    },
})

# --- lesson start (helpers/tutorial.py) ---------------------------------------------------
MESSAGES.update({
    "tutorial.banner_sandbox": {
        "es": "Modo sandbox: practicas con un Keap simulado en este ordenador ({url}). No hace falta cuenta ni conexión.",
        "en": "Sandbox mode: you practise against a Keap simulated on this computer ({url}). No account or connection needed.",
        "pt": "Modo sandbox: você pratica com um Keap simulado neste computador ({url}). Não precisa de conta nem de conexão.",
    },
    "tutorial.reload_for_language": {
        "es": "Recarga la página (F5) para ver también los menús de JupyterLab en español.",
        "en": "Reload the page (F5) to see JupyterLab's menus in English too.",
        "pt": "Recarregue a página (F5) para ver também os menus do JupyterLab em português.",
    },
    "tutorial.banner_keap": {
        "es": "Modo real: las pruebas van a Keap ({url}) con las credenciales guardadas de la aplicación {app}.",
        "en": "Real mode: checks go to Keap ({url}) with the saved credentials of application {app}.",
        "pt": "Modo real: os testes vão para o Keap ({url}) com as credenciais salvas do aplicativo {app}.",
    },
})

# --- exercises (helpers/exercises.py) -----------------------------------------------------
MESSAGES.update({
    "exercise.unanswered": {
        "es": "Todavía no has respondido: escribe tu respuesta en la celda de arriba y vuelve a ejecutar esta.",
        "en": "You have not answered yet: write your answer in the cell above and run this one again.",
        "pt": "Você ainda não respondeu: escreva sua resposta na célula acima e execute esta de novo.",
    },
    "exercise.right": {
        "es": "¡Correcto!",
        "en": "Correct!",
        "pt": "Correto!",
    },
    "exercise.try_again": {
        "es": "No es eso todavía. Relee el apartado anterior y prueba otra vez.",
        "en": "Not quite yet. Reread the section above and try again.",
        "pt": "Ainda não é isso. Releia a seção anterior e tente de novo.",
    },
    # lesson 00
    "exercise.00_mode.other": {
        "es": "Mira otra vez la línea bajo la primera celda de la lección: empieza con 🧪 en modo sandbox y con 🔑 en modo real.",
        "en": "Look again at the line under the lesson's first cell: it starts with 🧪 in sandbox mode and with 🔑 in real mode.",
        "pt": "Olhe de novo a linha abaixo da primeira célula da lição: começa com 🧪 no modo sandbox e com 🔑 no modo real.",
    },
    "exercise.00_mode.choose": {
        "es": "Responde \"sandbox\" o \"real\", entre comillas.",
        "en": "Answer \"sandbox\" or \"real\", in quotes.",
        "pt": "Responda \"sandbox\" ou \"real\", entre aspas.",
    },
    # lesson 01
    "exercise.01_url.too_much": {
        "es": "Sobra algo: el nombre es solo la primera parte, sin https://, sin .infusionsoft.com y sin lo que sigue.",
        "en": "There is something extra: the name is only the first part, without https://, .infusionsoft.com or what follows.",
        "pt": "Sobrou algo: o nome é só a primeira parte, sem https://, sem .infusionsoft.com e sem o que vem depois.",
    },
    "exercise.01_url.hint": {
        "es": "No es eso. Busca la parte de la dirección que va entre https:// y .infusionsoft.com.",
        "en": "Not that. Look for the part of the address between https:// and .infusionsoft.com.",
        "pt": "Não é isso. Procure a parte do endereço entre https:// e .infusionsoft.com.",
    },
    "exercise.01_checkout.too_much": {
        "es": "Sobra algo: escribe solo el trozo que va entre /checkout/ y la barra siguiente.",
        "en": "There is something extra: write only the piece between /checkout/ and the next slash.",
        "pt": "Sobrou algo: escreva só o trecho entre /checkout/ e a barra seguinte.",
    },
    "exercise.01_checkout.hint": {
        "es": "No es eso. En un enlace de pago, el nombre va justo después de /checkout/.",
        "en": "Not that. In a checkout link, the name comes right after /checkout/.",
        "pt": "Não é isso. Em um link de checkout, o nome vem logo depois de /checkout/.",
    },
    # lesson 02
    "exercise.02_column.other": {
        "es": "Esa columna también termina en Settings, pero no lleva a la sección de la API. Busca la columna de administración.",
        "en": "That column also ends with Settings, but it does not lead to the API section. Look for the administration column.",
        "pt": "Essa coluna também termina em Settings, mas não leva à seção da API. Procure a coluna de administração.",
    },
    "exercise.02_column.link": {
        "es": "Ese es un enlace u opción del camino; la pregunta es por la columna del menú principal donde está ese Settings.",
        "en": "That is a link or option along the way; the question asks for the main-menu column where that Settings link is.",
        "pt": "Isso é um link ou opção do caminho; a pergunta é pela coluna do menu principal onde está esse Settings.",
    },
    "exercise.02_column.hint": {
        "es": "Escribe el nombre de una de las cinco columnas del menú principal, tal como lo muestra Keap.",
        "en": "Write the name of one of the main menu's five columns, exactly as Keap shows it.",
        "pt": "Escreva o nome de uma das cinco colunas do menu principal, exatamente como o Keap mostra.",
    },
    "exercise.02_tab.pat": {
        "es": "Esa pestaña crea claves que actúan como tu usuario, con sus permisos. Busca la de las claves con acceso de administrador.",
        "en": "That tab creates keys that act as your user, with your permissions. Look for the one whose keys have admin access.",
        "pt": "Essa aba cria chaves que agem como o seu usuário, com as suas permissões. Procure a das chaves com acesso de administrador.",
    },
    "exercise.02_tab.hint": {
        "es": "Escribe el nombre de una de las tres pestañas de API Settings, en inglés, como lo muestra Keap.",
        "en": "Write the name of one of the three API Settings tabs, as Keap shows it.",
        "pt": "Escreva o nome de uma das três abas de API Settings, em inglês, como o Keap mostra.",
    },
    # lesson 03
    "exercise.03_encrypted.keap": {
        "es": "Esa empieza por KeapAK-: es una clave actual (Service Account Key o Personal Access Token), no una Encrypted Key.",
        "en": "That one starts with KeapAK-: it is a current key (Service Account Key or Personal Access Token), not an Encrypted Key.",
        "pt": "Essa começa com KeapAK-: é uma chave atual (Service Account Key ou Personal Access Token), não uma Encrypted Key.",
    },
    "exercise.03_encrypted.passphrase": {
        "es": "Esa es una frase que alguien eligió, como una API Passphrase; la Encrypted Key la genera Keap.",
        "en": "That is a phrase someone chose, like an API Passphrase; Keap generates the Encrypted Key.",
        "pt": "Essa é uma frase que alguém escolheu, como uma API Passphrase; a Encrypted Key é gerada pelo Keap.",
    },
    "exercise.03_encrypted.truncated": {
        "es": "Tiene la forma correcta, pero le faltan caracteres: una Encrypted Key completa tiene 32.",
        "en": "It has the right shape but characters are missing: a complete Encrypted Key has 32.",
        "pt": "Tem a forma certa, mas faltam caracteres: uma Encrypted Key completa tem 32.",
    },
    "exercise.03_encrypted.app_name": {
        "es": "Ese es el nombre de la aplicación, no una clave.",
        "en": "That is the application name, not a key.",
        "pt": "Esse é o nome do aplicativo, não uma chave.",
    },
    "exercise.03_encrypted.letter": {
        "es": "Escribe solo una letra, de la A a la E, entre comillas.",
        "en": "Write just one letter, from A to E, in quotes.",
        "pt": "Escreva só uma letra, de A a E, entre aspas.",
    },
    "exercise.03_encrypted.hint": {
        "es": "No es esa. Busca la que tiene 32 caracteres, no empieza por KeapAK- y solo lleva números y letras de la a a la f.",
        "en": "Not that one. Look for the one with 32 characters that does not start with KeapAK- and has only digits and the letters a to f.",
        "pt": "Não é essa. Procure a que tem 32 caracteres, não começa com KeapAK- e só tem números e letras de a a f.",
    },
    # lesson 04
    "exercise.04_ip.login": {
        "es": "La lista limitaba las llamadas a la API, no el inicio de sesión: las personas siguen entrando en Keap.",
        "en": "The list limited API calls, not signing in: people can still sign in to Keap.",
        "pt": "A lista limitava as chamadas à API, não o login: as pessoas continuam entrando no Keap.",
    },
    "exercise.04_ip.key": {
        "es": "Rellenar la lista no cambia la clave. Piensa desde qué dirección llama el servidor de WordPress.",
        "en": "Filling in the list does not change the key. Think about which address the WordPress server calls from.",
        "pt": "Preencher a lista não muda a chave. Pense em qual endereço o servidor do WordPress usa para chamar.",
    },
    "exercise.04_ip.letter": {
        "es": "Escribe solo una letra, A, B o C, entre comillas.",
        "en": "Write just one letter, A, B or C, in quotes.",
        "pt": "Escreva só uma letra, A, B ou C, entre aspas.",
    },
    # lesson 05
    "exercise.05_key_type.pat": {
        "es": "Un Personal Access Token solo ve lo que ve la persona que lo creó, y la tienda necesita todos los datos de la cuenta.",
        "en": "A Personal Access Token sees only what the person who created it sees, and the shop needs all of the account's data.",
        "pt": "Um Personal Access Token só vê o que a pessoa que o criou vê, e a loja precisa de todos os dados da conta.",
    },
    "exercise.05_key_type.legacy": {
        "es": "La Encrypted Key antigua (la de la API Passphrase) ya está retirada: hoy se elige entre \"PAT\" y \"SAK\".",
        "en": "The old Encrypted Key (from the API Passphrase) is retired: today you choose between \"PAT\" and \"SAK\".",
        "pt": "A Encrypted Key antiga (a da API Passphrase) já foi aposentada: hoje se escolhe entre \"PAT\" e \"SAK\".",
    },
    "exercise.05_key_type.choose": {
        "es": "Responde con \"PAT\" (Personal Access Token) o \"SAK\" (Service Account Key).",
        "en": "Answer \"PAT\" (Personal Access Token) or \"SAK\" (Service Account Key).",
        "pt": "Responda \"PAT\" (Personal Access Token) ou \"SAK\" (Service Account Key).",
    },
    "exercise.05_fault.letter": {
        "es": "Responde con una sola letra entre comillas: \"a\", \"b\", \"c\" o \"d\".",
        "en": "Answer with a single letter in quotes: \"a\", \"b\", \"c\" or \"d\".",
        "pt": "Responda com uma só letra entre aspas: \"a\", \"b\", \"c\" ou \"d\".",
    },
    "exercise.05_fault.hint": {
        "es": "Fíjate en los tres puntos en medio del texto: ¿dónde has visto una clave escrita así en esta lección?",
        "en": "Look at the three dots in the middle of the text: where in this lesson have you seen a key written like that?",
        "pt": "Repare nos três pontos no meio do texto: onde nesta lição você viu uma chave escrita assim?",
    },
    # lesson 06
    "exercise.06_cause.errorcode": {
        "es": "Ese es el código de error de Keap. Aquí buscamos el campo cause del resultado, un código más corto.",
        "en": "That is Keap's error code. Here we want the result's cause field, a shorter code.",
        "pt": "Esse é o código de erro do Keap. Aqui queremos o campo cause do resultado, um código mais curto.",
    },
    "exercise.06_cause.text": {
        "es": "Eso parece el mensaje para leer. El campo cause guarda un código corto, sin espacios.",
        "en": "That looks like the message to read. The cause field holds a short code, without spaces.",
        "pt": "Isso parece a mensagem para ler. O campo cause guarda um código curto, sem espaços.",
    },
    "exercise.06_cause.hint": {
        "es": "Guarda el resultado de la prueba con la clave revocada en una variable y escribe la variable seguida de .cause.",
        "en": "Keep the result of the check with the revoked key in a variable and write the variable followed by .cause.",
        "pt": "Guarde o resultado do teste com a chave revogada em uma variável e escreva a variável seguida de .cause.",
    },
    # lesson 07
    "exercise.07_mode.hint": {
        "es": "Mira la salida de la celda con oct(...) en el apartado de los permisos y cópiala entre comillas.",
        "en": "Look at the output of the cell with oct(...) in the permissions section and copy it in quotes.",
        "pt": "Veja a saída da célula com oct(...) na seção das permissões e copie-a entre aspas.",
    },
    "exercise.07_variable.app_name": {
        "es": "Esa variable guarda el nombre de la aplicación, no la clave.",
        "en": "That variable holds the application name, not the key.",
        "pt": "Essa variável guarda o nome do aplicativo, não a chave.",
    },
    "exercise.07_variable.env_file": {
        "es": "Esa variable dice dónde está el archivo .env; la clave va en otra.",
        "en": "That variable says where the .env file is; the key goes in another one.",
        "pt": "Essa variável diz onde fica o arquivo .env; a chave vai em outra.",
    },
    "exercise.07_variable.hint": {
        "es": "Busca en el archivo .env la línea que termina con la clave y escribe el nombre que va antes del signo =.",
        "en": "Find the line of the .env file that ends with the key and write the name before the = sign.",
        "pt": "Procure no arquivo .env a linha que termina com a chave e escreva o nome que vem antes do sinal =.",
    },
    # lesson 08
    "exercise.08_business.not_text": {
        "es": "Tu respuesta no es un texto. Escribe solo el nombre del negocio entre comillas, tal como lo muestra el print del campo name.",
        "en": "Your answer is not text. Write only the business name in quotes, as the print of the name field shows it.",
        "pt": "Sua resposta não é um texto. Escreva só o nome do negócio entre aspas, como o print do campo name o mostra.",
    },
    "exercise.08_business.is_email": {
        "es": "Eso es un correo: todavía lees userinfo. Cambia la ruta por /crm/rest/v2/businessProfile y el campo por name.",
        "en": "That is an email address: you still read userinfo. Change the path to /crm/rest/v2/businessProfile and the field to name.",
        "pt": "Isso é um e-mail: você ainda lê userinfo. Troque o caminho por /crm/rest/v2/businessProfile e o campo por name.",
    },
    "exercise.08_business.hint": {
        "es": "Ese no es el nombre que devuelve el perfil del negocio. Comprueba la ruta (/crm/rest/v2/businessProfile), que imprimes el campo name y que lo copias tal cual, con sus tildes.",
        "en": "That is not the name the business profile returns. Check the path (/crm/rest/v2/businessProfile), that you print the name field, and that you copy it exactly, accents included.",
        "pt": "Esse não é o nome que o perfil do negócio devolve. Confira o caminho (/crm/rest/v2/businessProfile), se você imprime o campo name e se o copia exatamente, com os acentos.",
    },
    # lesson 09
    "exercise.09_causes.format": {
        "es": "Usa la plantilla: un diccionario con las letras a, b y c y un código de causa en cada una, por ejemplo {\"a\": \"dns\", \"b\": \"...\", \"c\": \"...\"}.",
        "en": "Use the template: a dictionary with the letters a, b and c and a cause code for each, for example {\"a\": \"dns\", \"b\": \"...\", \"c\": \"...\"}.",
        "pt": "Use o modelo: um dicionário com as letras a, b e c e um código de causa em cada uma, por exemplo {\"a\": \"dns\", \"b\": \"...\", \"c\": \"...\"}.",
    },
    "exercise.09_causes.incomplete": {
        "es": "Te falta alguna respuesta: escribe un código de causa en a, en b y en c.",
        "en": "An answer is missing: write a cause code for a, b and c.",
        "pt": "Falta alguma resposta: escreva um código de causa em a, em b e em c.",
    },
    "exercise.09_causes.unknown": {
        "es": "Alguna respuesta no es un código de causa. Copia el código tal como aparece en la columna «Código de causa» de la tabla, por ejemplo dns.",
        "en": "One answer is not a cause code. Copy the code exactly as the \u201cCause code\u201d column of the table shows it, for example dns.",
        "pt": "Alguma resposta não é um código de causa. Copie o código como aparece na coluna “Código de causa” da tabela, por exemplo dns.",
    },
    "exercise.09_causes.wrong_a": {
        "es": "Revisa la a: el errorcode termina en QuotaViolation. ¿Es un pico de peticiones en un segundo o el límite del día?",
        "en": "Check a: the errorcode ends in QuotaViolation. Is it a burst of requests within a second, or the daily limit?",
        "pt": "Revise a a: o errorcode termina em QuotaViolation. É um pico de requisições em um segundo ou o limite do dia?",
    },
    "exercise.09_causes.wrong_b": {
        "es": "Revisa la b: el código 200 engaña. Lo que importa es lo que llegó: algo que empieza por <!DOCTYPE html>.",
        "en": "Check b: the 200 code is misleading. What matters is what arrived: something starting with <!DOCTYPE html>.",
        "pt": "Revise a b: o código 200 engana. O que importa é o que chegou: algo que começa com <!DOCTYPE html>.",
    },
    "exercise.09_causes.wrong_c": {
        "es": "Revisa la c: hay dos errores 401 en la tabla y se distinguen por su errorcode. oauth.v2.InvalidAccessToken no dice que la clave sea mala.",
        "en": "Check c: the table has two 401 errors, told apart by their errorcode. oauth.v2.InvalidAccessToken does not say the key is bad.",
        "pt": "Revise a c: a tabela tem dois erros 401, que se distinguem pelo errorcode. oauth.v2.InvalidAccessToken não diz que a chave é ruim.",
    },
})

# --- sandbox (owned by helpers/sandbox) ----------------------------------------------------
MESSAGES.update({
    "sandbox.unknown_scenario.message": {
        "es": "El sandbox no conoce el escenario «{name}».",
        "en": "The sandbox has no scenario called '{name}'.",
        "pt": "O sandbox não conhece o cenário “{name}”.",
    },
    "sandbox.unknown_scenario.fix": {
        "es": "Elige uno de estos: {scenarios}.",
        "en": "Choose one of these: {scenarios}.",
        "pt": "Escolha um destes: {scenarios}.",
    },
    "sandbox.not_loopback.message": {
        "es": "El sandbox solo escucha en esta computadora, no en «{host}».",
        "en": "The sandbox only listens on this computer, not on '{host}'.",
        "pt": "O sandbox só escuta neste computador, não em “{host}”.",
    },
    "sandbox.not_loopback.fix": {
        "es": "Usa 127.0.0.1 (o localhost, o ::1): así nadie más en tu red puede usarlo.",
        "en": "Use 127.0.0.1 (or localhost, or ::1), so nobody else on your network can reach it.",
        "pt": "Use 127.0.0.1 (ou localhost, ou ::1): assim ninguém mais na sua rede pode usá-lo.",
    },
    "sandbox.not_started.message": {
        "es": "El sandbox todavía no está en marcha, así que aún no tiene dirección.",
        "en": "The sandbox is not running yet, so it has no address yet.",
        "pt": "O sandbox ainda não está em execução, então ainda não tem endereço.",
    },
    "sandbox.not_started.fix": {
        "es": "Llama a start() o úsalo con «with Sandbox() as sandbox:».",
        "en": "Call start(), or use it as «with Sandbox() as sandbox:».",
        "pt": "Chame start() ou use-o com “with Sandbox() as sandbox:”.",
    },
    "sandbox.login_page.title": {
        "es": "Iniciar sesión (página de prueba del sandbox)",
        "en": "Sign in (sandbox test page)",
        "pt": "Entrar (página de teste do sandbox)",
    },
    "sandbox.login_page.text": {
        "es": "Esta página imita lo que devuelve un proxy, un portal wifi o una dirección equivocada: una página web donde el programa esperaba datos JSON de Keap.",
        "en": "This page imitates what a proxy, a Wi-Fi portal or a wrong address returns: a web page where the program expected JSON data from Keap.",
        "pt": "Esta página imita o que um proxy, um portal de Wi-Fi ou um endereço errado devolve: uma página web onde o programa esperava dados JSON do Keap.",
    },
    "sandbox.login_page.email": {"es": "Correo", "en": "Email", "pt": "E-mail"},
    "sandbox.login_page.password": {"es": "Contraseña", "en": "Password", "pt": "Senha"},
    "sandbox.login_page.button": {"es": "Entrar", "en": "Sign in", "pt": "Entrar"},
    "sandbox.scenario.normal": {
        "es": "normal: responde como Keap cuando todo va bien.",
        "en": "normal: answers as Keap does when all is well.",
        "pt": "normal: responde como o Keap quando tudo vai bem.",
    },
    "sandbox.scenario.slow": {
        "es": "slow: tarda más de lo que la comprobación está dispuesta a esperar.",
        "en": "slow: takes longer than the check is willing to wait.",
        "pt": "slow: demora mais do que a verificação está disposta a esperar.",
    },
    "sandbox.scenario.spike": {
        "es": "spike: demasiadas peticiones por segundo (429, SpikeArrestViolation).",
        "en": "spike: too many requests per second (429, SpikeArrestViolation).",
        "pt": "spike: requisições demais por segundo (429, SpikeArrestViolation).",
    },
    "sandbox.scenario.quota": {
        "es": "quota: se acabó la cuota del día (429, QuotaViolation); vuelve a las 00:00 UTC.",
        "en": "quota: the day's quota is used up (429, QuotaViolation); it comes back at 00:00 UTC.",
        "pt": "quota: a cota do dia acabou (429, QuotaViolation); ela volta às 00:00 UTC.",
    },
    "sandbox.scenario.server_error": {
        "es": "server_error: Keap tiene un fallo interno (500).",
        "en": "server_error: Keap has an internal failure (500).",
        "pt": "server_error: o Keap tem uma falha interna (500).",
    },
    "sandbox.scenario.html": {
        "es": "html: llega una página web de inicio de sesión en lugar de datos.",
        "en": "html: a sign-in web page arrives instead of data.",
        "pt": "html: chega uma página web de login em vez de dados.",
    },
    "sandbox.scenario.malformed": {
        "es": "malformed: la respuesta llega cortada y no se puede leer.",
        "en": "malformed: the answer arrives cut short and cannot be read.",
        "pt": "malformed: a resposta chega cortada e não pode ser lida.",
    },
    "sandbox.scenario.drop": {
        "es": "drop: la conexión se cierra sin respuesta.",
        "en": "drop: the connection closes without an answer.",
        "pt": "drop: a conexão se fecha sem resposta.",
    },
    "sandbox.scenario.legacy_retired": {
        "es": "legacy_retired: las claves antiguas (legacy) se rechazan, como hace Keap hoy.",
        "en": "legacy_retired: old (legacy) keys are refused, as Keap does today.",
        "pt": "legacy_retired: as chaves antigas (legacy) são recusadas, como o Keap faz hoje.",
    },
    "sandbox.scenario.forbidden": {
        "es": "forbidden: la clave es válida pero no tiene permiso (403).",
        "en": "forbidden: the key is valid but lacks permission (403).",
        "pt": "forbidden: a chave é válida, mas não tem permissão (403).",
    },
    "sandbox.scenario.redirect": {
        "es": "redirect: la petición se desvía a otra página (302).",
        "en": "redirect: the request is sent to another page (302).",
        "pt": "redirect: a requisição é desviada para outra página (302).",
    },
    "sandbox.key.service_account": {
        "es": "Clave de cuenta de servicio (SAK), actúa como administrador",
        "en": "Service Account Key (SAK), acts as an admin",
        "pt": "Chave de conta de serviço (SAK), age como administrador",
    },
    "sandbox.key.personal": {
        "es": "Token de acceso personal (PAT), actúa como Lucía Martínez",
        "en": "Personal Access Token (PAT), acts as Lucía Martínez",
        "pt": "Token de acesso pessoal (PAT), age como Lucía Martínez",
    },
    "sandbox.key.legacy": {
        "es": "Clave antigua (legacy, Encrypted Key)",
        "en": "Old key (legacy, Encrypted Key)",
        "pt": "Chave antiga (legacy, Encrypted Key)",
    },
    "sandbox.key.revoked": {
        "es": "Clave borrada en API Settings (responde 401)",
        "en": "Key deleted in API Settings (answers 401)",
        "pt": "Chave apagada em API Settings (responde 401)",
    },
    "sandbox.cli.description": {
        "es": "Sirve en esta computadora una imitación de la API de Keap, con una cuenta de demostración.",
        "en": "Serves an imitation of Keap's API on this computer, with a demo account.",
        "pt": "Serve neste computador uma imitação da API do Keap, com uma conta de demonstração.",
    },
    "sandbox.cli.help_port": {
        "es": "puerto (0 = cualquiera libre)",
        "en": "port (0 = any free port)",
        "pt": "porta (0 = qualquer porta livre)",
    },
    "sandbox.cli.help_scenario": {
        "es": "escenario inicial",
        "en": "starting scenario",
        "pt": "cenário inicial",
    },
    "sandbox.cli.help_lang": {
        "es": "idioma de los mensajes (es, en, pt)",
        "en": "language of the messages (es, en, pt)",
        "pt": "idioma das mensagens (es, en, pt)",
    },
    "sandbox.cli.help_verbose": {
        "es": "muestra método, ruta y estado de cada petición (nunca cabeceras ni claves)",
        "en": "show method, path and status of each request (never headers or keys)",
        "pt": "mostra método, caminho e status de cada requisição (nunca cabeçalhos nem chaves)",
    },
    "sandbox.cli.help_slow": {
        "es": "segundos de espera del escenario slow",
        "en": "seconds the slow scenario waits",
        "pt": "segundos de espera do cenário slow",
    },
    "sandbox.cli.running": {
        "es": "Sandbox de Keap en marcha en {url}",
        "en": "Keap sandbox running at {url}",
        "pt": "Sandbox do Keap em execução em {url}",
    },
    "sandbox.cli.app_name": {
        "es": "Nombre de la aplicación de demostración: {app_name}",
        "en": "Demo application name: {app_name}",
        "pt": "Nome do aplicativo de demonstração: {app_name}",
    },
    "sandbox.cli.keys_title": {
        "es": "Claves de demostración. Son públicas y no son secretos: solo funcionan en este sandbox.",
        "en": "Demo keys. They are public, not secrets: they only work in this sandbox.",
        "pt": "Chaves de demonstração. São públicas e não são segredos: só funcionam neste sandbox.",
    },
    "sandbox.cli.key_line": {
        "es": "  {label}:\n    {demo_key}\n    (clave de demostración, no es un secreto; la comprobación la muestra como {masked})",
        "en": "  {label}:\n    {demo_key}\n    (demo key, not a secret; the check shows it as {masked})",
        "pt": "  {label}:\n    {demo_key}\n    (chave de demonstração, não é um segredo; a verificação a mostra como {masked})",
    },
    "sandbox.cli.point_check": {
        "es": "Para que la comprobación use este sandbox, define la variable de entorno: KEAP_API_BASE_URL={url}",
        "en": "To point the check at this sandbox, set the environment variable: KEAP_API_BASE_URL={url}",
        "pt": "Para a verificação usar este sandbox, defina a variável de ambiente: KEAP_API_BASE_URL={url}",
    },
    "sandbox.cli.scenario": {
        "es": "Escenario activo: {scenario}. Para cambiarlo: POST {url}/_sandbox/scenario con {{\"scenario\": \"quota\"}}",
        "en": "Active scenario: {scenario}. To change it: POST {url}/_sandbox/scenario with {{\"scenario\": \"quota\"}}",
        "pt": "Cenário ativo: {scenario}. Para mudá-lo: POST {url}/_sandbox/scenario com {{\"scenario\": \"quota\"}}",
    },
    "sandbox.cli.stop_hint": {
        "es": "Pulsa Ctrl+C para detenerlo.",
        "en": "Press Ctrl+C to stop it.",
        "pt": "Pressione Ctrl+C para pará-lo.",
    },
    "sandbox.cli.stopped": {
        "es": "Sandbox detenido.",
        "en": "Sandbox stopped.",
        "pt": "Sandbox parado.",
    },
    "sandbox.cli.cannot_start": {
        "es": "No se pudo abrir el sandbox en el puerto {port}: {reason}. Prueba otro puerto, o --port 0 para uno libre.",
        "en": "Could not open the sandbox on port {port}: {reason}. Try another port, or --port 0 for a free one.",
        "pt": "Não foi possível abrir o sandbox na porta {port}: {reason}. Tente outra porta, ou --port 0 para uma livre.",
    },
})

# --- widgets (owned by helpers/widgets.py) -------------------------------------------------
MESSAGES.update({
    "widgets.app_name.label": {
        "es": "Nombre de la aplicación",
        "en": "Application name",
        "pt": "Nome do aplicativo",
    },
    "widgets.app_name.placeholder": {
        "es": "ab123 o https://ab123.infusionsoft.com",
        "en": "ab123 or https://ab123.infusionsoft.com",
        "pt": "ab123 ou https://ab123.infusionsoft.com",
    },
    "widgets.app_name.tooltip": {
        "es": "Está en la dirección de tu cuenta Keap: en https://ab123.infusionsoft.com es ab123. Puedes pegar la dirección entera.",
        "en": "It is in your Keap account's address: in https://ab123.infusionsoft.com it is ab123. You can paste the whole address.",
        "pt": "Está no endereço da sua conta Keap: em https://ab123.infusionsoft.com é ab123. Você pode colar o endereço inteiro.",
    },
    "widgets.app_name.button": {
        "es": "Comprobar el nombre",
        "en": "Check the name",
        "pt": "Verificar o nome",
    },
    "widgets.app_name.button_tooltip": {
        "es": "Comprueba lo que escribiste sin conectarse a nada (también al pulsar Enter).",
        "en": "Checks what you typed without connecting to anything (pressing Enter does it too).",
        "pt": "Verifica o que você digitou sem se conectar a nada (apertar Enter também funciona).",
    },
    "widgets.app_name.ok": {
        "es": "✅ Nombre de la aplicación: {name}",
        "en": "✅ Application name: {name}",
        "pt": "✅ Nome do aplicativo: {name}",
    },
    "widgets.app_name.cleared": {
        "es": "Vaciamos el campo del nombre de la aplicación para que la clave no quede a la vista.",
        "en": "The application name field was emptied so the key does not stay on screen.",
        "pt": "Esvaziamos o campo do nome do aplicativo para a chave não ficar à vista.",
    },
    "widgets.key.label": {
        "es": "Clave de API",
        "en": "API key",
        "pt": "Chave de API",
    },
    "widgets.key.placeholder": {
        "es": "KeapAK-… (pega aquí tu Service Account Key)",
        "en": "KeapAK-… (paste your Service Account Key here)",
        "pt": "KeapAK-… (cole aqui sua Service Account Key)",
    },
    "widgets.key.placeholder_saved": {
        "es": "Vacío: se usa la clave guardada {masked}. Pega otra para cambiarla.",
        "en": "Empty: the saved key {masked} is used. Paste another to change it.",
        "pt": "Vazio: a chave salva {masked} é usada. Cole outra para trocá-la.",
    },
    "widgets.key.tooltip": {
        "es": "La clave no se muestra nunca: cada carácter aparece como un punto.",
        "en": "The key is never shown: each character appears as a dot.",
        "pt": "A chave nunca é mostrada: cada caractere aparece como um ponto.",
    },
    "widgets.mode.label": {
        "es": "Probar contra",
        "en": "Test against",
        "pt": "Testar contra",
    },
    "widgets.mode.sandbox": {
        "es": "Sandbox (práctica)",
        "en": "Sandbox (practice)",
        "pt": "Sandbox (prática)",
    },
    "widgets.mode.keap": {
        "es": "Keap real",
        "en": "Real Keap",
        "pt": "Keap real",
    },
    "widgets.mode.sandbox_tooltip": {
        "es": "Un Keap simulado en este ordenador: solo acepta las claves de demostración.",
        "en": "A Keap simulated on this computer: it only accepts the demo keys.",
        "pt": "Um Keap simulado neste computador: só aceita as chaves de demonstração.",
    },
    "widgets.mode.keap_tooltip": {
        "es": "La API de Keap de verdad (https://api.infusionsoft.com): necesita tu clave real.",
        "en": "Keap's real API (https://api.infusionsoft.com): it needs your real key.",
        "pt": "A API de verdade do Keap (https://api.infusionsoft.com): precisa da sua chave real.",
    },
    "widgets.demo.button": {
        "es": "Usar datos de demostración",
        "en": "Use demo data",
        "pt": "Usar dados de demonstração",
    },
    "widgets.demo.tooltip": {
        "es": "Rellena una cuenta y una clave de demostración (públicas, solo valen en el sandbox) y elige el sandbox.",
        "en": "Fills in a demo account and key (public, only valid in the sandbox) and picks the sandbox.",
        "pt": "Preenche uma conta e uma chave de demonstração (públicas, só valem no sandbox) e escolhe o sandbox.",
    },
    "widgets.demo.filled": {
        "es": "Datos de demostración listos: aplicación {name}, clave {masked}. Ahora pulsa «Probar conexión».",
        "en": "Demo data ready: application {name}, key {masked}. Now press \u201cTest connection\u201d.",
        "pt": "Dados de demonstração prontos: aplicativo {name}, chave {masked}. Agora clique em \u201cTestar conexão\u201d.",
    },
    "widgets.test.button": {
        "es": "Probar conexión",
        "en": "Test connection",
        "pt": "Testar conexão",
    },
    "widgets.test.tooltip": {
        "es": "Hace una sola petición de solo lectura y te explica la respuesta.",
        "en": "Makes one read-only request and explains the answer.",
        "pt": "Faz uma única requisição só de leitura e explica a resposta.",
    },
    "widgets.checking": {
        "es": "⏳ Comprobando la conexión con {target}…",
        "en": "⏳ Checking the connection to {target}…",
        "pt": "⏳ Verificando a conexão com {target}…",
    },
    "widgets.save.button": {
        "es": "Guardar credenciales",
        "en": "Save credentials",
        "pt": "Salvar credenciais",
    },
    "widgets.save.tooltip": {
        "es": "Guarda el nombre y la clave en el archivo {path}, que solo tú puedes leer.",
        "en": "Saves the name and key in the file {path}, which only you can read.",
        "pt": "Salva o nome e a chave no arquivo {path}, que só você pode ler.",
    },
    "widgets.replace.label": {
        "es": "Reemplazar",
        "en": "Replace",
        "pt": "Substituir",
    },
    "widgets.replace.tooltip": {
        "es": "Márcalo solo si quieres sustituir un nombre o una clave guardados antes.",
        "en": "Tick it only if you want to replace a name or key saved before.",
        "pt": "Marque só se você quiser substituir um nome ou uma chave salvos antes.",
    },
    "widgets.saved": {
        "es": "✅ Guardado en {path} (solo tú puedes leerlo). Clave: {masked}",
        "en": "✅ Saved in {path} (only you can read it). Key: {masked}",
        "pt": "✅ Salvo em {path} (só você pode ler). Chave: {masked}",
    },
    "widgets.saved_replaced": {
        "es": "Reemplazamos el nombre o la clave que había antes.",
        "en": "The name or key saved before was replaced.",
        "pt": "Substituímos o nome ou a chave que havia antes.",
    },
    "widgets.problem": {
        "es": "❌ {message}\nQué hacer: {fix}",
        "en": "❌ {message}\nWhat to do: {fix}",
        "pt": "❌ {message}\nO que fazer: {fix}",
    },
    "widgets.unexpected.message": {
        "es": "Algo inesperado falló en el formulario ({kind}).",
        "en": "Something unexpected failed in the form ({kind}).",
        "pt": "Algo inesperado falhou no formulário ({kind}).",
    },
    "widgets.unexpected.fix": {
        "es": "Vuelve a intentarlo; si se repite, reinicia el kernel (Kernel → Restart Kernel) y ejecuta las celdas desde el principio.",
        "en": "Try again; if it repeats, restart the kernel (Kernel → Restart Kernel) and run the cells from the top.",
        "pt": "Tente de novo; se repetir, reinicie o kernel (Kernel → Restart Kernel) e execute as células desde o início.",
    },
    "widgets.passphrase.button": {
        "es": "Generar una frase",
        "en": "Generate a passphrase",
        "pt": "Gerar uma frase",
    },
    "widgets.passphrase.tooltip": {
        "es": "Crea una frase al azar con el módulo secrets de Python; cada clic da una nueva.",
        "en": "Makes a random passphrase with Python's secrets module; each click gives a new one.",
        "pt": "Cria uma frase aleatória com o módulo secrets do Python; cada clique gera uma nova.",
    },
    "widgets.passphrase.result": {
        "es": "Tu frase: {passphrase}",
        "en": "Your passphrase: {passphrase}",
        "pt": "Sua frase: {passphrase}",
    },
    "widgets.passphrase.note": {
        "es": "Ojo: la API Passphrase solo sirve para el método antiguo (Encrypted Key), que Keap retiró; hoy se usa una Service Account Key.",
        "en": "Note: the API Passphrase only belongs to the old method (Encrypted Key), which Keap retired; today you use a Service Account Key.",
        "pt": "Atenção: a API Passphrase só serve para o método antigo (Encrypted Key), que o Keap aposentou; hoje se usa uma Service Account Key.",
    },
    "widgets.lab.label": {
        "es": "Escenario",
        "en": "Scenario",
        "pt": "Cenário",
    },
    "widgets.lab.tooltip": {
        "es": "Elige qué va a fallar; al terminar, el sandbox vuelve a «normal».",
        "en": "Choose what will go wrong; afterwards the sandbox goes back to \u201cnormal\u201d.",
        "pt": "Escolha o que vai dar errado; no fim, o sandbox volta para \u201cnormal\u201d.",
    },
    "widgets.lab.run": {
        "es": "Probar el escenario",
        "en": "Try the scenario",
        "pt": "Testar o cenário",
    },
    "widgets.lab.run_tooltip": {
        "es": "Prueba la clave de demostración contra el sandbox con este escenario.",
        "en": "Tests the demo key against the sandbox in this scenario.",
        "pt": "Testa a chave de demonstração no sandbox com este cenário.",
    },
    "widgets.lab.checking": {
        "es": "⏳ Probando el escenario {name}…",
        "en": "⏳ Trying the scenario {name}…",
        "pt": "⏳ Testando o cenário {name}…",
    },
    "widgets.scenario.normal": {
        "es": "todo funciona",
        "en": "everything works",
        "pt": "tudo funciona",
    },
    "widgets.scenario.slow": {
        "es": "Keap tarda demasiado en responder",
        "en": "Keap takes too long to answer",
        "pt": "o Keap demora demais para responder",
    },
    "widgets.scenario.spike": {
        "es": "demasiadas peticiones por segundo (HTTP 429)",
        "en": "too many requests per second (HTTP 429)",
        "pt": "requisições demais por segundo (HTTP 429)",
    },
    "widgets.scenario.quota": {
        "es": "cuota diaria agotada (HTTP 429)",
        "en": "daily quota used up (HTTP 429)",
        "pt": "cota diária esgotada (HTTP 429)",
    },
    "widgets.scenario.server_error": {
        "es": "error en el servidor de Keap (HTTP 500)",
        "en": "an error on Keap's server (HTTP 500)",
        "pt": "erro no servidor do Keap (HTTP 500)",
    },
    "widgets.scenario.html": {
        "es": "llega una página web en lugar de datos",
        "en": "a web page arrives instead of data",
        "pt": "chega uma página web em vez de dados",
    },
    "widgets.scenario.malformed": {
        "es": "la respuesta llega rota",
        "en": "the answer arrives broken",
        "pt": "a resposta chega quebrada",
    },
    "widgets.scenario.drop": {
        "es": "la conexión se corta",
        "en": "the connection is cut",
        "pt": "a conexão cai",
    },
    "widgets.scenario.legacy_retired": {
        "es": "la Encrypted Key antigua ya no vale",
        "en": "the old Encrypted Key no longer works",
        "pt": "a Encrypted Key antiga não vale mais",
    },
    "widgets.scenario.forbidden": {
        "es": "la clave no tiene permiso (HTTP 403)",
        "en": "the key lacks permission (HTTP 403)",
        "pt": "a chave não tem permissão (HTTP 403)",
    },
    "widgets.scenario.redirect": {
        "es": "el servidor te manda a otra dirección (HTTP 302)",
        "en": "the server sends you to another address (HTTP 302)",
        "pt": "o servidor manda você para outro endereço (HTTP 302)",
    },
})

# --- wizard (owned by helpers/wizard.py) ---------------------------------------------------
MESSAGES.update({
    "wizard.mode.explain": {
        "es": "Empiezas en el sandbox, un Keap de práctica en este ordenador: nada sale de aquí. Cambia a «Keap real» cuando tengas tu clave.",
        "en": "You start in the sandbox, a practice Keap on this computer: nothing leaves it. Switch to \u201cReal Keap\u201d when you have your key.",
        "pt": "Você começa no sandbox, um Keap de prática neste computador: nada sai daqui. Mude para \u201cKeap real\u201d quando tiver sua chave.",
    },
    "wizard.step": {
        "es": "Paso {number} de {total}: {title}",
        "en": "Step {number} of {total}: {title}",
        "pt": "Passo {number} de {total}: {title}",
    },
    "wizard.read_more": {
        "es": "Explicación completa: {lesson} (se abre en otra pestaña)",
        "en": "Full explanation: {lesson} (opens in another tab)",
        "pt": "Explicação completa: {lesson} (abre em outra aba)",
    },
    "wizard.next": {
        "es": "Siguiente",
        "en": "Next",
        "pt": "Próximo",
    },
    "wizard.next_tooltip": {
        "es": "Comprueba este paso y pasa al siguiente.",
        "en": "Checks this step and moves on to the next one.",
        "pt": "Verifica este passo e vai para o próximo.",
    },
    "wizard.app_name.title": {
        "es": "el nombre de la aplicación",
        "en": "the application name",
        "pt": "o nome do aplicativo",
    },
    "wizard.app_name.explain": {
        "es": "Es el identificador corto de tu cuenta, al principio de su dirección: en https://ab123.infusionsoft.com es ab123. Puedes pegar la dirección entera.",
        "en": "It is your account's short identifier, at the start of its address: in https://ab123.infusionsoft.com it is ab123. You can paste the whole address.",
        "pt": "É o identificador curto da sua conta, no início do endereço: em https://ab123.infusionsoft.com é ab123. Você pode colar o endereço inteiro.",
    },
    "wizard.app_name.lesson": {
        "es": "lección 1, El nombre de la aplicación",
        "en": "lesson 1, The application name",
        "pt": "lição 1, O nome do aplicativo",
    },
    "wizard.demo_hint": {
        "es": "¿Todavía no tienes clave? Practica con los datos de demostración, que solo valen en el sandbox.",
        "en": "No key yet? Practise with the demo data, which only work in the sandbox.",
        "pt": "Ainda não tem chave? Pratique com os dados de demonstração, que só valem no sandbox.",
    },
    "wizard.key.title": {
        "es": "la clave de API",
        "en": "the API key",
        "pt": "a chave de API",
    },
    "wizard.key.explain": {
        "es": "Pega tu Service Account Key o tu Personal Access Token (empiezan por KeapAK-); aquí solo verás sus cuatro últimos caracteres.",
        "en": "Paste your Service Account Key or Personal Access Token (they start with KeapAK-); here you only see its last four characters.",
        "pt": "Cole sua Service Account Key ou seu Personal Access Token (começam com KeapAK-); aqui você só vê os quatro últimos caracteres.",
    },
    "wizard.key.lesson": {
        "es": "lección 5, Las claves actuales",
        "en": "lesson 5, Today's keys",
        "pt": "lição 5, As chaves atuais",
    },
    "wizard.key.ok": {
        "es": "✅ Clave leída: {masked} ({kind})",
        "en": "✅ Key read: {masked} ({kind})",
        "pt": "✅ Chave lida: {masked} ({kind})",
    },
    "wizard.key.not_demo": {
        "es": "ℹ️ No es una clave de demostración: el sandbox la rechazará. Para probarla contra Keap, elige «Keap real» arriba.",
        "en": "ℹ️ This is not a demo key: the sandbox will reject it. To test it against Keap, choose \u201cReal Keap\u201d above.",
        "pt": "ℹ️ Esta não é uma chave de demonstração: o sandbox vai recusá-la. Para testá-la contra o Keap, escolha \u201cKeap real\u201d acima.",
    },
    "wizard.test.title": {
        "es": "la prueba en vivo",
        "en": "the live test",
        "pt": "o teste ao vivo",
    },
    "wizard.test.explain": {
        "es": "Una sola petición de solo lectura comprueba que la clave funciona; si falla, la tarjeta te dice por qué y qué hacer.",
        "en": "One read-only request checks that the key works; if it fails, the card tells you why and what to do.",
        "pt": "Uma única requisição só de leitura verifica se a chave funciona; se falhar, o cartão diz por quê e o que fazer.",
    },
    "wizard.test.lesson": {
        "es": "lección 6, La prueba en vivo",
        "en": "lesson 6, The live test",
        "pt": "lição 6, O teste ao vivo",
    },
    "wizard.save.title": {
        "es": "guardar",
        "en": "save",
        "pt": "salvar",
    },
    "wizard.save.explain": {
        "es": "Guarda el nombre y la clave en un archivo .env que solo tú puedes leer; las lecciones los usarán desde ahí.",
        "en": "Saves the name and key in a .env file only you can read; the lessons use them from there.",
        "pt": "Salva o nome e a chave em um arquivo .env que só você pode ler; as lições os usam a partir dali.",
    },
    "wizard.save.lesson": {
        "es": "lección 7, Guardar las credenciales",
        "en": "lesson 7, Saving the credentials",
        "pt": "lição 7, Salvar as credenciais",
    },
})

# --- the learner's path: forms, wizard, exercises (helpers/widgets.py, wizard.py, friendly_errors.py)
MESSAGES.update({
    "widgets.key.placeholder_kept": {
        "es": "Vacío: se usa la clave que pegaste, {masked}. Pega otra para cambiarla.",
        "en": "Empty: the key you pasted, {masked}, is used. Paste another to change it.",
        "pt": "Vazio: a chave que você colou, {masked}, é usada. Cole outra para trocá-la.",
    },
    "widgets.save.failed_test": {
        "es": "⚠️ La última prueba de esta clave falló: {reason} ¿La guardas de todos modos? Pulsa «{button}» para confirmar, o cambia la clave y pruébala otra vez.",
        "en": "⚠️ The last test of this key failed: {reason} Save it anyway? Press \u201c{button}\u201d to confirm, or change the key and test it again.",
        "pt": "⚠️ O último teste desta chave falhou: {reason} Salvar mesmo assim? Clique em \u201c{button}\u201d para confirmar, ou troque a chave e teste de novo.",
    },
    "widgets.save.anyway": {
        "es": "Guardar de todos modos",
        "en": "Save anyway",
        "pt": "Salvar mesmo assim",
    },
    "widgets.save.exists": {
        "es": "❌ {path} ya guarda otro nombre de aplicación u otra clave, y no lo hemos tocado.\nQué hacer: para sustituirlos, marca «{replace}» y pulsa «{button}» otra vez.",
        "en": "❌ {path} already holds another application name or key, and it was left untouched.\nWhat to do: to replace them, tick \u201c{replace}\u201d and press \u201c{button}\u201d again.",
        "pt": "❌ {path} já guarda outro nome de aplicativo ou outra chave, e não mexemos nele.\nO que fazer: para substituir, marque \u201c{replace}\u201d e clique em \u201c{button}\u201d de novo.",
    },
    "widgets.demo_key_real": {
        "es": "❌ Esta es una clave de demostración: es pública y solo funciona en el sandbox, así que no la enviamos a Keap.\nQué hacer: elige «{sandbox}» para practicar con ella, o pega tu propia clave para probar Keap real.",
        "en": "❌ This is a demo key: it is public and only works in the sandbox, so it was not sent to Keap.\nWhat to do: choose \u201c{sandbox}\u201d to practise with it, or paste your own key to test real Keap.",
        "pt": "❌ Esta é uma chave de demonstração: é pública e só funciona no sandbox, então não a enviamos ao Keap.\nO que fazer: escolha \u201c{sandbox}\u201d para praticar com ela, ou cole a sua própria chave para testar o Keap real.",
    },
    "wizard.next_to": {
        "es": "Siguiente: paso {number}",
        "en": "Next: step {number}",
        "pt": "Próximo: passo {number}",
    },
    "wizard.wait_for_step": {
        "es": "Primero completa el paso {number}.",
        "en": "Complete step {number} first.",
        "pt": "Primeiro complete o passo {number}.",
    },
    "friendly.name_error": {
        "es": "«{name}» no es una variable de esta lección. Si es una respuesta de texto, escríbela entre comillas: answer = \"{name}\". Si es una variable de una celda anterior, ejecuta antes esa celda.",
        "en": "\u201c{name}\u201d is not a variable of this lesson. If it is a text answer, put it in quotes: answer = \"{name}\". If it is a variable from an earlier cell, run that cell first.",
        "pt": "\u201c{name}\u201d não é uma variável desta lição. Se é uma resposta de texto, escreva entre aspas: answer = \"{name}\". Se é uma variável de uma célula anterior, execute essa célula antes.",
    },
    "exercise.07_variable.case": {
        "es": "Casi: en Linux y macOS las mayúsculas cuentan, y el nombre va todo en mayúsculas. Revisa cómo aparece en el archivo .env.",
        "en": "Almost: on Linux and macOS case matters, and the name is all in capitals. Check how it appears in the .env file.",
        "pt": "Quase: no Linux e no macOS maiúsculas e minúsculas contam, e o nome é todo em maiúsculas. Veja como ele aparece no arquivo .env.",
    },
})
