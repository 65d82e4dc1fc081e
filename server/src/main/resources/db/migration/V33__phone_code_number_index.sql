-- Codes sent to a number, whoever asked: PhoneCodes bounds them per day so that no one can flood a number with texts.
create index phone_code_number on phone_code (e164, created_at);
