-- An API key may be scoped to one delegation: it then acts for the delegating professional (professional_id), within
-- the delegation, and only while the delegation holds. Null for a professional's own key.
alter table api_key add column delegation_id bigint references delegation (id);
create index api_key_delegation on api_key (delegation_id);
