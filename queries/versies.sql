-- Every version, newest first, for the "stand van" choice and the versions page.
-- Grain: one row per version. Parameters: none.
select
    versie_id,
    aangemaakt_op,
    gebruiker,
    bestandsnaam,
    soort,
    voorbeeld,
    bladen
from versie
order by versie_id desc
