-- One database per service, as deploy/local-stack creates them.
CREATE DATABASE intake OWNER kohtaamo;
CREATE DATABASE casework OWNER kohtaamo;
CREATE DATABASE meetingplace OWNER kohtaamo;
CREATE DATABASE reporting OWNER kohtaamo;
